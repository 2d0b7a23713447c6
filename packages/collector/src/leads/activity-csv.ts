import type { LeadDetail } from '../durable/lead-object';
import { cell } from '../storage/leads-csv';

const COLUMNS = ['time', 'what', 'page', 'points', 'era'] as const;

/**
 * A lead's activity as CSV (the lead page's download): one row per event in words, oldest first,
 * with the points it earns now (the sum of its ledger lines) and whether it happened before the
 * lead identified. Times are ISO 8601 in UTC, which every spreadsheet reads.
 */
export function activityCsv(detail: LeadDetail): string {
  const points = new Map<string, number>();
  for (const line of detail.result.ledger)
    points.set(line.eventId, (points.get(line.eventId) ?? 0) + line.value);
  // Engaged time is folded into its page view, as on the page.
  for (const page of detail.pages) points.set(page.eventId, page.points);
  const identifiedAt = detail.timeline.find(
    (t) => t.type === 'identify' || /^Submitted .* as /.test(t.label),
  )?.at;
  const rows = [...detail.timeline].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const lines = [COLUMNS.join(',')];
  for (const t of rows) {
    const p = points.get(t.id);
    lines.push(
      [
        new Date(t.at).toISOString(),
        cell(t.label),
        cell(t.url ?? ''),
        p === undefined ? '' : String(Math.round(p * 100) / 100),
        identifiedAt === undefined || t.at < identifiedAt ? 'anonymous' : 'known',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
