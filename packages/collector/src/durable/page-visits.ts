import { type CompiledModel, pageTopics, type ScoreResult } from '../scoring';
import type { LeadEvent } from '../scoring/events';

/** One page view with what the visitor did on it, for the lead detail. */
export type PageVisit = {
  eventId: string;
  at: number;
  url: string;
  title?: string;
  /** The page's topics as the model scores them: its markup topics plus those the model maps its URL to. */
  topics: string[];
  engagedMs: number;
  scrollDepth: number;
  /** Points the page view and its engagement earned (current value, after decay). */
  points: number;
  /** Read before the lead was known (an identity counts a few seconds early, as in the ledger). */
  anonymous: boolean;
};

/**
 * Joins each page view with its engagement deltas and the points its events earned. Topics and
 * the anonymous era come from the engine, so the page list, the index's topics and its `topic`
 * filter say what the ledger says.
 */
export function pageVisits(
  events: readonly LeadEvent[],
  result: ScoreResult,
  model: CompiledModel,
): PageVisit[] {
  const points = new Map<string, number>();
  for (const line of result.ledger) points.set(line.eventId, (points.get(line.eventId) ?? 0) + line.value);
  const knownAt = result.knownAt ?? Number.POSITIVE_INFINITY;
  const pages = new Map<string, PageVisit>();
  for (const e of events) {
    if (e.type !== 'pageview') continue;
    pages.set(e.id, {
      eventId: e.id,
      at: e.at,
      url: e.url,
      ...(e.title ? { title: e.title } : {}),
      topics: [...pageTopics(model, e)],
      engagedMs: 0,
      scrollDepth: 0,
      points: points.get(e.id) ?? 0,
      anonymous: e.at < knownAt,
    });
  }
  for (const e of events) {
    if (e.type !== 'engagement') continue;
    const page = pages.get(e.pageId);
    if (!page) continue;
    page.engagedMs += e.engagedMs;
    page.scrollDepth = Math.max(page.scrollDepth, e.scrollDepth);
    page.points += points.get(e.id) ?? 0;
  }
  return [...pages.values()];
}
