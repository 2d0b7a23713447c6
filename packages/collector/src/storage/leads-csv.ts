import type { LeadRow } from './leads-index';

const COLUMNS = [
  'id',
  'email',
  'name',
  'company',
  'country',
  'stage',
  'band',
  'total',
  'interest',
  'intent',
  'fit',
  'disqualified',
  'pageviews',
  'topics',
  'first_seen',
  'last_seen',
] as const;

/** RFC 4180 CSV. Cells that a spreadsheet would run as a formula are prefixed with `'` (CSV injection). */
export function leadsCsv(rows: readonly LeadRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      COLUMNS.map((col) => {
        const raw = row[col];
        if (col === 'first_seen' || col === 'last_seen')
          return raw ? new Date(raw as number).toISOString() : '';
        if (col === 'topics') return cell((JSON.parse(row.topics) as string[]).join(' '));
        if (col === 'disqualified') return raw ? 'yes' : 'no';
        if (typeof raw === 'number') return String(raw);
        return cell(raw === null || raw === undefined ? '' : String(raw));
      }).join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One CSV cell (RFC 4180 quoting), with the formula guard. */
export function cell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
