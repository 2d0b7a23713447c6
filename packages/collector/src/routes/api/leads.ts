import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { can } from '../../auth/principal';
import { assignOwner, noteLead, recordSales, unnoteLead } from '../../leads/service';
import { fail } from '../../lib/http';
import { parseJson } from '../../schema/api';
import { parseDetailQuery } from '../../schema/lead-detail';
import { encodeCursor, parseLeadListQuery } from '../../schema/lead-list';
import { actorOf, recordAction } from '../../storage/action-log';
import { eraseLeadRecords, leadAndBrowserIds } from '../../storage/erase';
import { currentLead } from '../../storage/lead-lookup';
import { listNotes } from '../../storage/lead-notes';
import { bandOrderOf, queryLeads } from '../../storage/lead-query';
import { isLeadId } from '../../storage/lead-stub';
import { leadsCsv } from '../../storage/leads-csv';
import type { LeadRow } from '../../storage/leads-index';
import { getActiveModel } from '../../storage/models';

export const leadRoutes = new Hono<AppEnv>();

/** GET /api/leads: filtered, sorted, cursor-paginated (query parameters in schema/lead-list.ts). */
leadRoutes.get('/', requireScope('read'), async (c) => {
  const q = parseLeadListQuery(c.req.query(), { bandOrder: await bandOrder(c.env.DB) });
  const rows = await queryLeads(c.env.DB, { ...q, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return c.json({
    leads: page.map(toListItem),
    nextCursor: rows.length > q.limit && last ? encodeCursor(q, last) : null,
  });
});

/** GET /api/leads/export.csv: the same filters and sort, as CSV (at most 10,000 rows). */
leadRoutes.get('/export.csv', requireScope('read'), async (c) => {
  const q = parseLeadListQuery(c.req.query(), {
    bandOrder: await bandOrder(c.env.DB),
    defaultLimit: 10_000,
    maxLimit: 10_000,
  });
  const rows = await queryLeads(c.env.DB, q);
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', 'attachment; filename="leads.csv"');
  return c.body(leadsCsv(rows));
});

/**
 * GET /api/leads/:id: profile, scores, and one window (newest first) of the pages the lead read,
 * its timeline, ledger and transitions (`<list>_offset`, `<list>_limit` ≤ 100; `paging` says where
 * each stands): bounded at any history.
 */
leadRoutes.get('/:id', requireScope('read'), async (c) => {
  const windows = parseDetailQuery(c.req.query());
  const { stub } = await resolveLead(c.env, c.req.param('id'));
  const detail = await stub.detail(windows);
  if (!detail) fail(404, 'no such lead');
  const r = detail.result;
  return c.json({
    id: detail.id,
    site: detail.site,
    kind: detail.kind,
    stage: r.stage,
    band: r.band,
    bands: r.bands,
    ...(r.held ? { held: r.held } : {}),
    scores: r.scores,
    total: r.total,
    disqualified: r.disqualified,
    ...(r.disqualifiedBy ? { disqualifiedBy: r.disqualifiedBy } : {}),
    ...(r.outcome ? { outcome: r.outcome } : {}),
    profile: r.profile,
    owner: detail.owner,
    notes: await listNotes(c.env.DB, [detail.id, ...detail.merges.map((m) => m.visitor)]),
    source: detail.source,
    sessions: detail.sessions,
    deal: detail.deal,
    firstSeenAt: r.firstSeenAt,
    ...(r.knownAt !== undefined ? { knownAt: r.knownAt } : {}),
    lastVisitAt: r.lastVisitAt,
    modelVersion: r.modelVersion,
    anonymousPoints: r.anonymousPoints,
    pages: detail.pages,
    timeline: detail.timeline,
    merges: detail.merges,
    ledger: r.ledger,
    transitions: r.transitions,
    history: detail.history,
    dropped: detail.dropped,
    paging: detail.paging,
    nextChangeAt: detail.nextChangeAt,
  });
});

/**
 * DELETE /api/leads/:id: erases the lead everywhere: its objects and those of its browsers, then
 * every D1 row that names any of them (storage/erase.ts lists the tables).
 */
leadRoutes.delete('/:id', requireScope('admin'), async (c) => {
  const { stub, row } = await resolveLead(c.env, c.req.param('id'));
  // The browsers' ids first: the index rows that name them are among what is erased.
  const ids = await leadAndBrowserIds(c.env.DB, row.id);
  const erased = await stub.erase();
  // After the objects, so a write they made while being erased is erased too.
  const rows = await eraseLeadRecords(c.env.DB, ids);
  // The log keeps that a lead was erased, by whom; not which (that would name it again).
  await recordAction(c.env.DB, {
    actor: actorOf(c.get('principal')),
    action: 'lead.erase',
    detail: `${count(erased.events, 'event')}, ${count(erased.visitors, 'browser')}`,
  });
  return c.json({
    erased: true,
    ...erased,
    deliveries: rows.webhook_deliveries ?? 0,
    outcomes: rows.lead_outcomes ?? 0,
    rows,
  });
});

/** GET /api/leads/:id/export: every stored event of the lead, as JSON (data-subject access). */
leadRoutes.get('/:id/export', requireScope('admin'), async (c) => {
  const { stub } = await resolveLead(c.env, c.req.param('id'));
  const data = await stub.export();
  c.header('Content-Disposition', 'attachment; filename="lead-export.json"');
  return c.json({ exportedAt: new Date().toISOString(), ...data });
});

const SalesBody = v.strictObject({
  reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500, 'at most 500 characters'))),
});

const OutcomeBody = v.strictObject({
  result: v.picklist(['won', 'lost'], 'expected won or lost'),
  value: v.optional(v.pipe(v.number('expected a number'), v.finite(), v.minValue(0, 'must be ≥ 0'))),
  at: v.optional(
    v.pipe(
      v.string(),
      v.isoTimestamp('expected an ISO 8601 timestamp'),
      v.transform((s) => Date.parse(s)),
    ),
  ),
  reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500, 'at most 500 characters'))),
});

/**
 * POST /api/leads/:id/accept and /reject: sales accepts the lead (→ SQL) or sends it back (→
 * recycled). 409 where it makes no sense: an anonymous visitor, a won deal, accepted twice.
 */
for (const action of ['accept', 'reject'] as const) {
  leadRoutes.post(`/:id/${action}`, requireScope('write'), async (c) => {
    const lead = await resolveLead(c.env, c.req.param('id'));
    const body = await parseJson(c.req.raw, SalesBody);
    const input = { action, ...(body.reason ? { reason: body.reason } : {}) };
    return salesAnswer(c, lead.row.id, await recordSales(c.env, lead, input, actorOf(c.get('principal'))));
  });
}

/** POST /api/leads/:id/outcome: a won or lost deal, the evidence the model report learns from. */
leadRoutes.post('/:id/outcome', requireScope('write'), async (c) => {
  const lead = await resolveLead(c.env, c.req.param('id'));
  const body = await parseJson(c.req.raw, OutcomeBody);
  const at = body.at ?? Date.now();
  if (at > Date.now() + 60_000) fail(400, 'at: must not be in the future');
  const input = {
    action: body.result,
    at,
    ...(body.value !== undefined ? { value: body.value } : {}),
    ...(body.reason ? { reason: body.reason } : {}),
  };
  return salesAnswer(c, lead.row.id, await recordSales(c.env, lead, input, actorOf(c.get('principal'))));
});

function salesAnswer(c: Context<AppEnv>, id: string, done: Awaited<ReturnType<typeof recordSales>>) {
  if (!done.ok) fail(done.status, done.error);
  return c.json({ id, stage: done.value.stage, band: done.value.band, event: done.value.event.id });
}

const OwnerBody = v.strictObject({
  owner: v.nullable(
    v.pipe(
      v.string('expected a user id, an e-mail address or null'),
      v.trim(),
      v.minLength(1, 'expected a user id, an e-mail address or null'),
      v.maxLength(254, 'at most 254 characters'),
    ),
  ),
});

/**
 * POST /api/leads/:id/owner: `{"owner": "<user id or e-mail>"}` assigns the lead to an active sales
 * user or admin of its site, `{"owner": null}` to nobody.
 */
leadRoutes.post('/:id/owner', requireScope('write'), async (c) => {
  const lead = await resolveLead(c.env, c.req.param('id'));
  const body = await parseJson(c.req.raw, OwnerBody);
  const done = await assignOwner(c.env, lead, body.owner?.toLowerCase() ?? null, actorOf(c.get('principal')));
  if (!done.ok) fail(done.status, done.error);
  return c.json({ id: lead.row.id, owner: done.value });
});

const NoteBody = v.strictObject({ body: v.string('expected a string') });

/** POST /api/leads/:id/notes: `{"body": "…"}`, 1–4,000 characters. */
leadRoutes.post('/:id/notes', requireScope('write'), async (c) => {
  const lead = await resolveLead(c.env, c.req.param('id'));
  const body = await parseJson(c.req.raw, NoteBody);
  const done = await noteLead(c.env, lead, body.body, actorOf(c.get('principal')));
  if (!done.ok) fail(done.status, done.error);
  return c.json(done.value, 201);
});

/** DELETE /api/leads/:id/notes/:noteId: a note the token wrote (an admin token: any note). */
leadRoutes.delete('/:id/notes/:noteId', requireScope('write'), async (c) => {
  const lead = await resolveLead(c.env, c.req.param('id'));
  const principal = c.get('principal');
  const done = await unnoteLead(
    c.env,
    lead,
    c.req.param('noteId'),
    actorOf(principal),
    can(principal, 'leads.erase'),
  );
  if (!done.ok) fail(done.status, done.error);
  return c.body(null, 204);
});

/**
 * The lead's object from a public id. The index decides whether a lead exists, so a made-up id
 * never reaches (or creates) an object; an anonymous visitor that identified resolves to the lead
 * it became.
 */
async function resolveLead(env: Env, id: string) {
  if (!isLeadId(id)) fail(400, 'lead id: expected 64 hexadecimal characters');
  const lead = await currentLead(env, id);
  if (lead.kind !== 'lead') fail(404, 'no such lead');
  return lead;
}

/** The active model's primary band names, lowest first: what "hottest first" ranks by. */
async function bandOrder(db: D1Database): Promise<string[]> {
  return bandOrderOf((await getActiveModel(db)).model);
}

export function toListItem(row: LeadRow) {
  return {
    id: row.id,
    site: row.site,
    stage: row.stage,
    band: row.band,
    scores: { interest: row.interest, intent: row.intent, fit: row.fit },
    total: row.total,
    disqualified: row.disqualified === 1,
    email: row.email,
    name: row.name,
    company: row.company,
    country: row.country,
    pageviews: row.pageviews,
    topics: JSON.parse(row.topics) as string[],
    ownerId: row.owner_id,
    firstSeenAt: row.first_seen,
    lastSeenAt: row.last_seen,
    updatedAt: row.updated_at,
  };
}

/** `1 event`, `3 events`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
