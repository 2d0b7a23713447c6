import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { getSites } from '../../config';
import { uid } from '../../lib/uid';
import { encodeCursor, parseLeadListQuery } from '../../schema/lead-list';
import type { SalesEvent } from '../../scoring/events';
import { currentLead, type FoundLead, findLead } from '../../storage/lead-lookup';
import { queryLeads } from '../../storage/lead-query';
import type { LeadRow } from '../../storage/leads-index';
import { getActiveModel } from '../../storage/models';
import { FILTER_FIELDS, type FilterValues } from '../components/lead-filters';
import type { SalesFormState } from '../components/sales-actions';
import { choice, formState, optionalNumber, optionalText, readFields, validateFields } from '../form';
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
  const done = c.req.query('done');
  const notice = done && Object.hasOwn(NOTICES, done) ? (done as keyof typeof NOTICES) : undefined;
  return leadPage(c, found.kind === 'lead' ? found.stub : null, { notice });
});

async function leadPage(
  c: Context<AppEnv>,
  stub: Extract<FoundLead, { kind: 'lead' }>['stub'] | null,
  opts: { notice?: keyof typeof NOTICES | undefined; sales?: SalesFormState },
  status: 200 | 400 = 200,
) {
  const detail = stub ? await stub.detail() : null;
  if (!detail) throw new HTTPException(404, { message: 'There is no lead with this id.' });
  const bands = bandView((await getActiveModel(c.env.DB)).model);
  return render(
    c,
    <LeadPage
      principal={c.get('principal')}
      detail={detail}
      bands={bands}
      notice={opts.notice}
      sales={opts.sales}
      origins={getSites(c.env).get(detail.site)?.origins ?? []}
      now={Date.now()}
    />,
    status,
  );
}

/** The sales forms, through the dashboard's form layer: a mistake is shown next to its field. */
const SALES_FORMS = {
  accept: v.object({ reason: optionalText(500) }),
  reject: v.object({ reason: optionalText(500) }),
  outcome: v.object({
    result: choice(['won', 'lost'] as const, 'Choose won or lost'),
    value: optionalNumber({ min: 0 }),
    reason: optionalText(500),
  }),
};
type SalesAction = keyof typeof SALES_FORMS;

/**
 * POST /dashboard/leads/:id/accept | reject | outcome: a sales event into the lead's history, as
 * the lead API records it, then back to the lead (303, so a reload does not post twice). A refused
 * form changes nothing and comes back with its message next to the field.
 */
leadPages.post('/leads/:id/:action{accept|reject|outcome}', requireDashboardScope('write'), async (c) => {
  const lead = await currentLead(c.env, c.req.param('id'));
  if (lead.kind !== 'lead') throw new HTTPException(404, { message: 'There is no lead with this id.' });
  const action = c.req.param('action') as SalesAction;
  const values = await readFields(c);
  const parsed = validateFields(SALES_FORMS[action], values);
  if (!parsed.ok) {
    const sales: SalesFormState = { action, state: formState(values, parsed.errors) };
    return leadPage(c, lead.stub, { sales }, 400);
  }
  const event = salesEvent(action, parsed.value);
  await lead.stub.absorb({ site: lead.row.site, events: [event] });
  return c.redirect(`/dashboard/leads/${lead.row.id}?done=${event.action}`, 303);
});

function salesEvent(
  action: SalesAction,
  form: { reason?: string | undefined; result?: 'won' | 'lost'; value?: number | undefined },
): SalesEvent {
  const base = {
    id: uid(),
    at: Date.now(),
    type: 'sales' as const,
    ...(form.reason ? { reason: form.reason } : {}),
  };
  if (action !== 'outcome') return { ...base, action };
  return {
    ...base,
    action: form.result ?? 'lost',
    ...(form.value !== undefined ? { value: form.value } : {}),
  };
}
