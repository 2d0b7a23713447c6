import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app-env';
import { requireScope } from '../../auth/middleware';
import { fail } from '../../lib/http';
import { formatIssues } from '../../schema/issues';
import { isLeadId, leadStubById } from '../../storage/lead-stub';
import { getLeadRow, type LeadRow, listLeads } from '../../storage/leads-index';

export const leadRoutes = new Hono<AppEnv>();

const ListQuery = v.strictObject({
  band: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,32}$/, 'expected a band name'))),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'expected an integer 1-200'),
      v.transform(Number),
      v.minValue(1, 'expected an integer 1-200'),
      v.maxValue(200, 'expected an integer 1-200'),
    ),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

/** GET /api/leads: leads by total score, highest first; `?band=hot`, `?limit=`, `?cursor=`. */
leadRoutes.get('/', requireScope('read'), async (c) => {
  const parsed = v.safeParse(ListQuery, c.req.query());
  if (!parsed.success) fail(400, formatIssues(parsed.issues));
  const q = parsed.output;
  const limit = q.limit ?? 50;
  const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await listLeads(c.env.DB, {
    ...(q.band ? { band: q.band } : {}),
    limit: limit + 1,
    ...(cursor ? { cursor } : {}),
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return c.json({
    leads: page.map(toListItem),
    nextCursor: rows.length > limit && last ? encodeCursor({ total: last.total, id: last.id }) : null,
  });
});

/** GET /api/leads/:id: profile, scores, ledger and the pages the lead read. */
leadRoutes.get('/:id', requireScope('read'), async (c) => {
  const stub = await resolveLead(c.env, c.req.param('id'));
  const detail = await stub.detail();
  if (!detail) fail(404, 'no such lead');
  const r = detail.result;
  return c.json({
    id: detail.id,
    site: detail.site,
    kind: detail.kind,
    stage: r.stage,
    band: r.band,
    scores: r.scores,
    total: r.total,
    disqualified: r.disqualified,
    profile: r.profile,
    firstSeenAt: r.firstSeenAt,
    lastVisitAt: r.lastVisitAt,
    modelVersion: r.modelVersion,
    anonymousPoints: r.anonymousPoints,
    pages: detail.pages,
    timeline: detail.timeline,
    merges: detail.merges,
    ledger: r.ledger,
  });
});

/** DELETE /api/leads/:id: erases the lead everywhere (objects, index, queued webhooks). */
leadRoutes.delete('/:id', requireScope('admin'), async (c) => {
  const stub = await resolveLead(c.env, c.req.param('id'));
  const erased = await stub.erase();
  return c.json({ erased: true, ...erased });
});

/** GET /api/leads/:id/export: every stored event of the lead, as JSON (data-subject access). */
leadRoutes.get('/:id/export', requireScope('admin'), async (c) => {
  const stub = await resolveLead(c.env, c.req.param('id'));
  const data = await stub.export();
  c.header('Content-Disposition', 'attachment; filename="lead-export.json"');
  return c.json({ exportedAt: new Date().toISOString(), ...data });
});

/**
 * The lead's object from a public id. The index decides whether a lead exists, so a made-up id
 * never reaches (or creates) an object; an anonymous visitor that identified resolves to the lead
 * it became.
 */
async function resolveLead(env: Env, id: string) {
  if (!isLeadId(id)) fail(400, 'lead id: expected 64 hexadecimal characters');
  let row = await getLeadRow(env.DB, id);
  if (row?.merged_into) row = await getLeadRow(env.DB, row.merged_into);
  const stub = row && leadStubById(env, row.id);
  if (!stub) fail(404, 'no such lead');
  return stub;
}

function toListItem(row: LeadRow) {
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
    firstSeenAt: row.first_seen,
    lastSeenAt: row.last_seen,
    updatedAt: row.updated_at,
  };
}

function encodeCursor(c: { total: number; id: string }): string {
  return btoa(JSON.stringify([c.total, c.id])).replace(/=+$/, '');
}

function decodeCursor(raw: string): { total: number; id: string } {
  try {
    const [total, id] = JSON.parse(atob(raw)) as unknown[];
    if (typeof total === 'number' && Number.isFinite(total) && typeof id === 'string' && isLeadId(id)) {
      return { total, id };
    }
  } catch {
    // fall through to the client error below
  }
  fail(400, 'cursor: not a cursor returned by this API');
}
