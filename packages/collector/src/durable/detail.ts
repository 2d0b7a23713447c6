/** One window of a paginated list: skip `offset` items (newest first), take at most `limit`. */
export type Window = { offset: number; limit: number };

/** The windows a lead detail is asked for; each defaults to the newest `DEFAULT_WINDOW` items. */
export type DetailWindows = Partial<Record<'pages' | 'timeline' | 'ledger' | 'transitions', Partial<Window>>>;

/** Where each list of a detail stands: its window and how many items it has in all. */
export type DetailPaging = Record<
  'pages' | 'timeline' | 'ledger' | 'transitions',
  Window & { total: number }
>;

/** Items per list when the caller names no limit. */
export const DEFAULT_WINDOW = 50;
/** The most items a list of a detail returns at once: what keeps a detail bounded at any history. */
export const MAX_WINDOW = 100;
/** The most days a detail lists on which the daily event budget dropped events (the newest). */
export const DROPPED_DAYS = 30;

/**
 * Every window with its defaults, limits clamped to 1-`MAX_WINDOW` (the API and the lead page refuse
 * others with a 400; a window of 0 would page to itself).
 */
export function windowsOf(w: DetailWindows): Record<keyof DetailPaging, Window> {
  const one = (x: Partial<Window> | undefined): Window => ({
    offset: Math.max(0, Math.floor(x?.offset ?? 0)),
    limit: Math.min(MAX_WINDOW, Math.max(1, Math.floor(x?.limit ?? DEFAULT_WINDOW))),
  });
  return {
    pages: one(w.pages),
    timeline: one(w.timeline),
    ledger: one(w.ledger),
    transitions: one(w.transitions),
  };
}

/** The paging of a detail whose lists are shown whole (a detail built outside the object, e.g. in tests). */
export function wholePaging(d: {
  pages: readonly unknown[];
  timeline: readonly unknown[];
  result: { ledger: readonly unknown[]; transitions: readonly unknown[] };
}): DetailPaging {
  const all = (n: number) => ({ offset: 0, limit: n, total: n });
  return {
    pages: all(d.pages.length),
    timeline: all(d.timeline.length),
    ledger: all(d.result.ledger.length),
    transitions: all(d.result.transitions.length),
  };
}
