/** Wording of the model report's figures: every rate with its interval and what it rests on. */
import type { Interval, Share } from '../report/stats';

/** `73 %` (whole percent; `<1 %` and `>99 %` rather than a misleading 0 or 100 for a non-zero share). */
export function percent(x: number): string {
  const p = x * 100;
  if (p > 0 && p < 0.5) return '<1 %';
  if (p < 100 && p > 99.5) return '>99 %';
  return `${Math.round(p)} %`;
}

/** `56–86 %`. */
export function percentRange(i: Pick<Interval, 'low' | 'high'>): string {
  return `${Math.round(i.low * 100)}–${Math.round(i.high * 100)} %`;
}

/** `73 % (56–86 %), 27 of 33`, or `–` when there is nothing to count. */
export function shareText(s: Share | null): string {
  return s ? `${percent(s.estimate)} (${percentRange(s)}), ${s.count} of ${s.of}` : '–';
}

/** A number with a true minus sign and at most `digits` decimals: `−0.25`. */
export function num(x: number, digits = 2): string {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r < 0 ? `−${-r}` : String(r);
}

/** `1.8 (1.3–2.3)`. */
export function intervalText(i: Interval, digits = 2): string {
  return `${num(i.estimate, digits)} (${num(i.low, digits)} to ${num(i.high, digits)})`;
}

/** A p-value as people read it: `<0.001`, `0.04`, `0.3`. */
export function pValue(p: number | null): string {
  if (p === null) return '–';
  if (p < 0.001) return '<0.001';
  return p < 0.01 ? p.toFixed(3) : p < 0.1 ? p.toFixed(2) : p.toFixed(1);
}
