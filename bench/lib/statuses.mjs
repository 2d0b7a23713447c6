// The answers a load run got that were not 2xx (429 rate limited, 503 queue refused, 500, …), by
// status code. autocannon counts every answer in its requests per second, refusals too: a figure
// from a run with refusals is marked, so a fast "no" never passes for throughput.

/** The mark a figure gets when a run behind it had non-2xx answers. */
export const REFUSAL_MARK = '†';

/** `{ "429": 120, "503": 3 }` from autocannon's `statusCodeStats`: the non-2xx codes only, by code. */
export function refusalCounts(statusCodeStats = {}) {
  const counts = {};
  for (const code of Object.keys(statusCodeStats).sort()) {
    const count = statusCodeStats[code]?.count ?? 0;
    if (!/^2\d\d$/.test(code) && count > 0) counts[code] = count;
  }
  return counts;
}

/** The counts of several runs added up, by code. */
export function addCounts(...all) {
  const sum = {};
  for (const counts of all) {
    for (const [code, count] of Object.entries(counts)) sum[code] = (sum[code] ?? 0) + count;
  }
  return Object.fromEntries(Object.entries(sum).sort(([a], [b]) => a.localeCompare(b)));
}

/** `429: 120, 503: 3`, or `none`. */
export function formatCounts(counts) {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${code}: ${n}`).join(', ');
}

/** The figure, with `REFUSAL_MARK` when any of the counts is non-empty. */
export function marked(figure, ...counts) {
  return counts.some((c) => Object.keys(c).length > 0) ? `${figure} ${REFUSAL_MARK}` : figure;
}
