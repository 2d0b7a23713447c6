import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../../app-env';
import { getSites } from '../../config';
import { uid } from '../../lib/uid';
import { parseDetailQuery } from '../../schema/lead-detail';
import { encodeCursor, parseLeadListQuery } from '../../schema/lead-list';
import type { SalesEvent } from '../../scoring/events';
import { currentLead, findLead } from '../../storage/lead-lookup';
import { queryLeads } from '../../storage/lead-query';
import type { LeadRow } from '../../storage/leads-index';
import { getActiveModel } from '../../storage/models';
import { FILTER_FIELDS, type FilterValues } from '../components/lead-filters';
import { type FormBody, field, readForm } from '../form';
import { bandView } from '../model-view';
import { LeadPage, NOTICES } from '../pages/lead-page';
import { LeadsPage } from '../pages/leads-page';
import { render } from '../render';
import { requireDashboardScope } from '../session';

export const leadPages = new Hono<AppEnv>();

/**
 * GET /dashboard: the lead list through the same query parser and SQL as `GET /api/leads`. Empty
 * form fields are dropped (a GET form sends them all); a filter the parser refuses is shown above
 * the list instead of an error page, with the form still filled in.
 */
leadPages.get('/', async (c) => {
  const now = Date.now();
  const values: FilterValues = {};
  for (const name of FILTER_FIELDS) {
    const v = c.req.query(name)?.trim();
    if (v) values[name] = v;
  }
  const cursor = c.req.query('cursor') || undefined;
  const bands = bandView((await getActiveModel(c.env.DB)).model);
  let rows: LeadRow[] = [];
  let nextCursor: string | null = null;
  let error: string | undefined;
  try {
    const q = parseLeadListQuery({ ...values, ...(cursor ? { cursor } : {}) }, { bandOrder: bands.levels });
    const found = await queryLeads(c.env.DB, { ...q, limit: q.limit + 1 });
    rows = found.slice(0, q.limit);
    const last = rows.at(-1);
    if (found.length > q.limit && last) nextCursor = encodeCursor(q, last);
  } catch (err) {
    if (!(err instanceof HTTPException) || err.status !== 400) throw err;
    error = err.message;
  }
  const page = (
    <LeadsPage
      principal={c.get('principal')}
      rows={rows}
      bands={bands}
      values={values}
      cursor={cursor}
      nextCursor={nextCursor}
      error={error}
      now={now}
    />
  );
  return render(c, page, error ? 400 : 200);
});

/** GET /dashboard/leads/:id: the lead's detail from its Durable Object. */
leadPages.get('/leads/:id', async (c) => {
  const found = await findLead(c.env, c.req.param('id'));
  if (found.kind === 'merged') return c.redirect(`/dashboard/leads/${found.into}`, 302);
  // The lists' windows (`<list>_offset`, `<list>_limit`), checked as the API checks them.
  const query = c.req.query();
  const windows = parseDetailQuery(
    Object.fromEntries(Object.entries(query).filter(([k]) => /_(offset|limit)$/.test(k))),
  );
  const detail = found.kind === 'lead' ? await found.stub.detail(windows) : null;
  if (!detail) throw new HTTPException(404, { message: 'There is no lead with this id.' });
  const done = c.req.query('done');
  const notice = done && Object.hasOwn(NOTICES, done) ? (done as keyof typeof NOTICES) : undefined;
  const bands = bandView((await getActiveModel(c.env.DB)).model);
  return render(
    c,
    <LeadPage
      principal={c.get('principal')}
      detail={detail}
      bands={bands}
      notice={notice}
      origins={getSites(c.env).get(detail.site)?.origins ?? []}
      now={Date.now()}
    />,
  );
});

/**
 * POST /dashboard/leads/:id/accept | reject | outcome: a sales event into the lead's history, as
 * the lead API records it, then back to the lead (303, so a reload does not post twice).
 */
leadPages.post('/leads/:id/:action{accept|reject|outcome}', requireDashboardScope('write'), async (c) => {
  const lead = await currentLead(c.env, c.req.param('id'));
  if (lead.kind !== 'lead') throw new HTTPException(404, { message: 'There is no lead with this id.' });
  const body = await readForm(c);
  const event = salesEvent(c.req.param('action'), body);
  await lead.stub.absorb({ site: lead.row.site, events: [event] });
  return c.redirect(`/dashboard/leads/${lead.row.id}?done=${event.action}`, 303);
});

function salesEvent(action: string, body: FormBody): SalesEvent {
  const reason = field(body, 'reason')?.trim();
  if (reason && reason.length > 500)
    throw new HTTPException(400, { message: 'reason: at most 500 characters' });
  const base = { id: uid(), at: Date.now(), type: 'sales' as const, ...(reason ? { reason } : {}) };
  if (action === 'accept' || action === 'reject') return { ...base, action };
  const result = field(body, 'result');
  if (result !== 'won' && result !== 'lost') {
    throw new HTTPException(400, { message: 'result: choose won or lost' });
  }
  const rawValue = field(body, 'value')?.trim();
  if (!rawValue) return { ...base, action: result };
  const value = Number(rawValue);
  if (!/^\d+(\.\d+)?$/.test(rawValue) || !Number.isFinite(value)) {
    throw new HTTPException(400, { message: 'value: expected a number ≥ 0' });
  }
  return { ...base, action: result, value };
}
