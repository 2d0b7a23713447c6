import type { BucketRow } from '../../report/buckets';
import type { Share } from '../../report/stats';
import { percent } from '../report-format';

/** A threshold drawn over the buckets, e.g. the current MQL total and the suggested one. */
export type ChartMarker = { at: number; label: string; kind: 'current' | 'suggested' };

type ConversionChartProps = {
  /** Buckets of the total, lowest first (`report.conversion.buckets`). */
  rows: readonly BucketRow[];
  /** The win rate of all outcomes, drawn as a line to compare each bucket with. */
  overall: Share | null;
  markers: readonly ChartMarker[];
  /** Unique on the page: the SVG's title and description are referenced by id. */
  id: string;
};

const H = 230;
const PAD = { left: 44, right: 12, top: 30, bottom: 48 };
const SLOT = 40;

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

// Drawn 1.4 times its viewBox on a desk, shrunk to fit a narrower column, but never below about
// 0.8 of it (the `cw-N` class: N hundred units wide): below that the labels would be unreadable,
// so a phone scrolls a wide chart in its box instead.

/**
 * Win rate per bucket of the total as a server-rendered SVG (no script, so the dashboard's CSP
 * holds): a bar at each bucket's rate, a whisker over its 95 % interval, the number of outcomes it
 * rests on under it, the overall win rate as a line, and the thresholds as markers. Empty buckets
 * show "n=0" and no bar. The same numbers are in the table next to it.
 */
export function ConversionChart({ rows, overall, markers, id }: ConversionChartProps) {
  if (rows.length === 0) return null;
  const W = PAD.left + PAD.right + rows.length * SLOT;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + (1 - v) * plotH;
  const x0 = (i: number) => PAD.left + i * SLOT;
  const xOf = (t: number): number | null => {
    const i = rows.findIndex((r) => (r.from === null || t >= r.from) && (r.below === null || t < r.below));
    const r = rows[i];
    if (!r || r.from === null || r.below === null) return null;
    return x0(i) + ((t - r.from) / (r.below - r.from)) * SLOT;
  };
  const best = rows.reduce<BucketRow | null>(
    (b, r) => (r.winRate && (!b?.winRate || r.winRate.estimate > b.winRate.estimate) ? r : b),
    null,
  );
  const desc =
    `Win rate by bucket of the total score, with 95 % intervals, over ${rows.reduce((s, r) => s + r.outcomes, 0)} outcomes` +
    (overall ? `; ${percent(overall.estimate)} of all leads won` : '') +
    (best?.winRate
      ? `; the highest rate is in ${best.label}: ${percent(best.winRate.estimate)}, ${best.winRate.count} of ${best.winRate.of}.`
      : '.');
  return (
    <figure class="chart-scroll" tabindex={0} aria-label="Win rate by score, chart">
      <svg
        class={`chart conversion cw-${Math.min(12, Math.ceil(W / 100))}`}
        viewBox={`0 0 ${W} ${H}`}
        width={Math.round(W * 1.4)}
        height={Math.round(H * 1.4)}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>Win rate by score</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g>
            <line class="grid-line" x1={PAD.left} x2={W - PAD.right} y1={fmt(y(v))} y2={fmt(y(v))} />
            <text x={PAD.left - 6} y={fmt(y(v) + 4)} text-anchor="end">
              {`${v * 100} %`}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const cx = x0(i) + SLOT / 2;
          const rate = r.winRate;
          return (
            <g>
              {rate ? (
                <>
                  <rect
                    class="bar"
                    x={fmt(x0(i) + SLOT * 0.2)}
                    y={fmt(y(rate.estimate))}
                    width={fmt(SLOT * 0.6)}
                    height={fmt(Math.max(0.5, y(0) - y(rate.estimate)))}
                  />
                  <line
                    class="whisker"
                    x1={fmt(cx)}
                    x2={fmt(cx)}
                    y1={fmt(y(rate.low))}
                    y2={fmt(y(rate.high))}
                  />
                  <line
                    class="whisker"
                    x1={fmt(cx - 5)}
                    x2={fmt(cx + 5)}
                    y1={fmt(y(rate.low))}
                    y2={fmt(y(rate.low))}
                  />
                  <line
                    class="whisker"
                    x1={fmt(cx - 5)}
                    x2={fmt(cx + 5)}
                    y1={fmt(y(rate.high))}
                    y2={fmt(y(rate.high))}
                  />
                </>
              ) : null}
              <text x={fmt(cx)} y={fmt(H - PAD.bottom + 16)} text-anchor="middle">
                {r.from === null ? '' : r.from < 0 ? `−${-r.from}` : String(r.from)}
              </text>
              <text class="count" x={fmt(cx)} y={fmt(H - PAD.bottom + 32)} text-anchor="middle">
                {`n=${r.outcomes}`}
              </text>
            </g>
          );
        })}
        <line class="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
        <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
        {overall ? (
          <g>
            <line
              class="base-rate"
              x1={PAD.left}
              x2={W - PAD.right}
              y1={fmt(y(overall.estimate))}
              y2={fmt(y(overall.estimate))}
            />
            <text class="base-label" x={PAD.left + 4} y={fmt(y(overall.estimate) - 4)}>
              {`all leads ${percent(overall.estimate)}`}
            </text>
          </g>
        ) : null}
        {markers.map((m, k) => {
          const x = xOf(m.at);
          if (x === null) return null;
          return (
            <g>
              <line class={`marker ${m.kind}`} x1={fmt(x)} x2={fmt(x)} y1={PAD.top - 4} y2={H - PAD.bottom} />
              <text
                class={`marker-label ${m.kind}`}
                x={fmt(x)}
                y={fmt(PAD.top - 8 - k * 12)}
                text-anchor={x > W / 2 ? 'end' : 'start'}
              >
                {m.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="small muted">
        Bars: the share of leads in each 10-point bucket of the total that were won; whiskers: its 95 %
        interval; n: the outcomes it rests on. Dashed lines: thresholds; the flat line: all leads.
      </figcaption>
    </figure>
  );
}
