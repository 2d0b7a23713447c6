import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { can } from '../../auth/principal';
import { activityCsv } from '../../leads/activity-csv';
import { assignOwner, noteLead, recordSales, type SalesInput, unnoteLead } from '../../leads/service';
import { parseDetailQuery } from '../../schema/lead-detail';
import { encodeCursor, parseLeadListQuery } from '../../schema/lead-list';
import { actorOf } from '../../storage/action-log';
import { currentLead, type FoundLead, findLead } from '../../storage/lead-lookup';
import { listNotes } from '../../storage/lead-notes';
import { bandOrderOf, queryLeads } from '../../storage/lead-query';
import { leadsCsv } from '../../storage/leads-csv';
import type { LeadRow } from '../../storage/leads-index';
import { getActiveModel } from '../../storage/models';
import { siteConfig } from '../../storage/sites';
import { possibleOwners } from '../../storage/users';
import { FILTER_FIELDS, type FilterValues } from '../components/lead-filters';
import type { SalesFormState } from '../components/sales-actions';
import {
  choice,
  field,
  formState,
  optionalNumber,
  optionalText,
  readFields,
  readForm,
  validateFields,
} from '../form';
import { bandView } from '../model-view';
import { LeadPage, NOTICES } from '../pages/lead-page';
import { LeadsPage } from '../pages/leads-page';
import { render } from '../render';
import { requireDashboardScope, requirePermission } from '../session';

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
      owners={await ownerChoices(c.env)}
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

/** People who may own leads (of one site, or of any), by name: the owner picker and filter. */
async function ownerChoices(env: Env, site?: string) {
  return (await possibleOwners(env.DB, site)).map((u) => ({ id: u.id, name: u.name }));
}

/**
 * GET /dashboard/leads.csv: the list as CSV, with the same filters and order as the page (at most
 * 10,000 rows), as `GET /api/leads/export.csv` answers a token.
 */
leadPages.get('/leads.csv', async (c) => {
  const values: Record<string, string> = {};
  for (const name of FILTER_FIELDS) {
    const v = c.req.query(name)?.trim();
    if (v && name !== 'limit') values[name] = v;
  }
  const q = parseLeadListQuery(values, {
    defaultLimit: 10_000,
    maxLimit: 10_000,
    bandOrder: bandOrderOf((await getActiveModel(c.env.DB)).model),
  });
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', 'attachment; filename="leads.csv"');
  return c.body(leadsCsv(await queryLeads(c.env.DB, q)));
});

/** The lead page's data: the detail from the lead's object, its notes and who may own it. */
async function leadPage(
  c: Context<AppEnv>,
  found: Extract<FoundLead, { kind: 'lead' }>,
  extra: { noteError?: string; noteDraft?: string; sales?: SalesFormState; status?: 200 | 400 | 409 } = {},
) {
  // The lists' windows (`<list>_offset`, `<list>_limit`), checked as the API checks them, and the
  // ledger's order (largest impact first orders the whole ledger before its window is taken).
  const query = c.req.query();
  const windows = parseDetailQuery(
    Object.fromEntries(Object.entries(query).filter(([k]) => /_(offset|limit)$/.test(k))),
  );
  const ledgerSort = query.ledger === 'impact' ? 'impact' : 'time';
  const detail = await found.stub.detail(windows, ledgerSort);
  if (!detail) throw new HTTPException(404, { message: 'There is no lead with this id.' });
  const done = c.req.query('done');
  const notice = done && Object.hasOwn(NOTICES, done) ? (done as keyof typeof NOTICES) : undefined;
  const [model, site, notes, owners] = await Promise.all([
    getActiveModel(c.env.DB),
    siteConfig(c.env, detail.site),
    listNotes(c.env.DB, [detail.id, ...detail.merges.map((m) => m.visitor)]),
    ownerChoices(c.env, detail.site),
  ]);
  return render(
    c,
    <LeadPage
      principal={c.get('principal')}
      detail={detail}
      bands={bandView(model.model)}
      notice={extra.status ? undefined : notice}
      origins={site?.origins ?? []}
      sales={extra.sales}
      now={Date.now()}
      notes={notes}
      owners={owners}
      ledgerSort={ledgerSort}
      noteError={extra.noteError}
      noteDraft={extra.noteDraft}
    />,
    extra.status ?? 200,
  );
}

/** GET /dashboard/leads/:id: the lead's detail from its Durable Object. */
leadPages.get('/leads/:id', async (c) => {
  const found = await findLead(c.env, c.req.param('id'));
  if (found.kind === 'merged') return c.redirect(`/dashboard/leads/${found.into}`, 302);
  if (found.kind !== 'lead') throw new HTTPException(404, { message: 'There is no lead with this id.' });
  return leadPage(c, found);
});

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
type SalesFormAction = keyof typeof SALES_FORMS;

/** GET /dashboard/leads/:id/activity.csv: the lead's activity, one row per event, with its points. */
leadPages.get('/leads/:id/activity.csv', async (c) => {
  const found = await currentLead(c.env, c.req.param('id'));
  const detail = found.kind === 'lead' ? await found.stub.detail() : null;
  if (!detail) throw new HTTPException(404, { message: 'There is no lead with this id.' });
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="lead-${detail.id.slice(0, 8)}-activity.csv"`);
  return c.body(activityCsv(detail));
});

async function leadOr404(c: Context<AppEnv>) {
  const lead = await currentLead(c.env, c.req.param('id') ?? '');
  if (lead.kind !== 'lead') throw new HTTPException(404, { message: 'There is no lead with this id.' });
  return lead;
}

/**
 * POST /dashboard/leads/:id/accept | reject | outcome: a sales event into the lead's history, as
 * the lead API records it, then back to the lead (303, so a reload does not post twice). A refused
 * form changes nothing and comes back with its message next to the field; an action the page does
 * not offer (an anonymous visitor, a won deal) is refused with 409.
 */
leadPages.post('/leads/:id/:action{accept|reject|outcome}', requireDashboardScope('write'), async (c) => {
  const lead = await leadOr404(c);
  const action = c.req.param('action') as SalesFormAction;
  const values = await readFields(c);
  const parsed = validateFields(SALES_FORMS[action], values);
  if (!parsed.ok) {
    return leadPage(c, lead, { sales: { action, state: formState(values, parsed.errors) }, status: 400 });
  }
  const input = salesInput(action, parsed.value);
  const done = await recordSales(c.env, lead, input, actorOf(c.get('principal')));
  if (!done.ok) throw new HTTPException(done.status, { message: done.error });
  return c.redirect(`/dashboard/leads/${lead.row.id}?done=${done.value.event.action}`, 303);
});

/** POST /dashboard/leads/:id/owner (`owner`: a user id, empty for nobody). */
leadPages.post('/leads/:id/owner', requirePermission('leads.sell'), async (c) => {
  const lead = await leadOr404(c);
  const ref = field(await readForm(c), 'owner')?.trim() ?? '';
  const done = await assignOwner(c.env, lead, ref === '' ? null : ref, actorOf(c.get('principal')));
  if (!done.ok) throw new HTTPException(done.status, { message: done.error });
  return c.redirect(`/dashboard/leads/${lead.row.id}?done=owner#actions`, 303);
});

/** POST /dashboard/leads/:id/notes (`body`); a refused note comes back in the form with the reason. */
leadPages.post('/leads/:id/notes', requirePermission('leads.sell'), async (c) => {
  const lead = await leadOr404(c);
  const body = field(await readForm(c), 'body') ?? '';
  const done = await noteLead(c.env, lead, body, actorOf(c.get('principal')));
  if (!done.ok) {
    const reason = done.error.replace(/^body: /, '');
    return leadPage(c, lead, {
      noteError: `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`,
      noteDraft: body.slice(0, 5000),
      status: 400,
    });
  }
  return c.redirect(`/dashboard/leads/${lead.row.id}?done=note#notes`, 303);
});

/** POST /dashboard/leads/:id/notes/:noteId/delete: its author may, and an admin. */
leadPages.post('/leads/:id/notes/:noteId/delete', requirePermission('leads.sell'), async (c) => {
  const lead = await leadOr404(c);
  const principal = c.get('principal');
  const done = await unnoteLead(
    c.env,
    lead,
    c.req.param('noteId'),
    actorOf(principal),
    can(principal, 'leads.erase'),
  );
  if (!done.ok) throw new HTTPException(done.status, { message: done.error });
  return c.redirect(`/dashboard/leads/${lead.row.id}?done=note-deleted#notes`, 303);
});

function salesInput(
  action: SalesFormAction,
  form: { reason?: string | undefined; result?: 'won' | 'lost'; value?: number | undefined },
): SalesInput {
  const base = form.reason ? { reason: form.reason } : {};
  if (action !== 'outcome') return { ...base, action };
  return {
    ...base,
    action: form.result ?? 'lost',
    ...(form.value !== undefined ? { value: form.value } : {}),
  };
}
