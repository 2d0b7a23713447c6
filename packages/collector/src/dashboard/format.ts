/** Number and time wording for the dashboard (plain functions: pages render in a few ms). */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Points with at most two decimals and a real minus sign: `15`, `7.5`, `−20`. */
export function points(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  const text = Math.abs(rounded).toString();
  return rounded < 0 ? `−${text}` : text;
}

/** Points with their sign: `+15`, `−20`, `0`. */
export function signedPoints(n: number): string {
  const text = points(n);
  return n > 0 && text !== '0' ? `+${text}` : text;
}

/** `3 min ago`, `5 h ago`, `2 d ago`, `in 4 d`: coarse on purpose, the exact time is in the title. */
export function relativeTime(at: number, now: number): string {
  const delta = now - at;
  const abs = Math.abs(delta);
  let text: string;
  if (abs < MINUTE) return 'just now';
  if (abs < HOUR) text = `${Math.floor(abs / MINUTE)} min`;
  else if (abs < DAY) text = `${Math.floor(abs / HOUR)} h`;
  else if (abs < 60 * DAY) text = `${Math.floor(abs / DAY)} d`;
  else if (abs < 730 * DAY) text = `${Math.floor(abs / (30 * DAY))} mo`;
  else text = `${Math.floor(abs / (365 * DAY))} y`;
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/** `2026-11-23 14:04 UTC`. */
export function absoluteTime(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-11-23`. */
export function day(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Engaged time: `42 s`, `3 min 5 s`, `1 h 2 min`. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The first 8 characters of an id, enough to tell leads apart on screen. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A deal value: `12,000`, `1,250.5` (no currency: leadbeacon does not know it). */
export function money(n: number): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(n);
}

/**
 * A count with its noun: `1 event`, `1,240 events`, `3 people` (give the plural when it is not the
 * noun plus "s"). The number is grouped as the dashboard's other counts are.
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
