import type { ScorePoint } from '../../durable/score-history';
import type { BandLevel } from '../../scoring';
import { absoluteTime, day, points } from '../format';

const TWO_DAYS = 2 * 86_400_000;

import { TableWrap } from './table-wrap';

// A viewBox about as wide as the chart is drawn on a desk, so its labels keep their size; on a
// phone the stylesheet enlarges them as the whole drawing shrinks.
const W = 520;
const H = 240;
const PAD = { left: 44, right: 14, top: 14, bottom: 30 };
const SERIES = [
  { key: 'total', label: 'Total' },
  { key: 'interest', label: 'Interest' },
  { key: 'intent', label: 'Intent' },
  { key: 'fit', label: 'Fit' },
] as const;

type ScoreChartProps = {
  history: readonly ScorePoint[];
  /** The primary band set's levels: every level above the lowest is drawn as a dashed threshold. */
  thresholds: readonly BandLevel[];
};

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** A round tick step for a range: 1, 2, 5, 10, 20, 50, … giving four to eight ticks. */
function tickStep(range: number): number {
  const raw = range / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm >= 5 ? 10 : norm >= 2 ? 5 : norm >= 1 ? 2 : 1) * mag;
}

/**
 * The score over time as a server-rendered SVG: total and one line per axis (told apart by dash
 * pattern as well as colour), band thresholds, a title and description for screen readers, and
 * the same numbers as a table below for anyone who cannot read the chart.
 */
export function ScoreChart({ history, thresholds }: ScoreChartProps) {
  const first = history[0];
  const last = history.at(-1);
  if (!first || !last) return <p>No activity yet.</p>;
  const lines = thresholds.slice(1);
  const values = history.flatMap((p) => [p.total, p.interest, p.intent, p.fit]);
  const lo = Math.min(0, ...values);
  const hi = Math.max(10, ...values, ...lines.map((l) => l.min * 1.1));
  const step = tickStep(hi - lo);
  const yMin = Math.floor(lo / step) * step;
  const yMax = Math.ceil(hi / step) * step;
  const t0 = first.at;
  const t1 = last.at > t0 ? last.at : t0 + 1;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - ((v - yMin) / (yMax - yMin)) * (H - PAD.top - PAD.bottom);
  // A short history is labelled with times of day, a long one with dates.
  const when = (t: number) => (t1 - t0 < TWO_DAYS ? absoluteTime(t).slice(5) : day(t));
  const visible = lines.filter((l) => l.min >= yMin && l.min <= yMax);
  const ticks: number[] = [];
  for (let v = yMin; v <= yMax + step / 2; v += step) ticks.push(v);
  const path = (key: (typeof SERIES)[number]['key']) =>
    history.map((p) => `${fmt(x(p.at))},${fmt(y(p[key]))}`).join(' ');
  const summary =
    `Total score went from ${points(first.total)} on ${day(first.at)} to ${points(last.total)} ` +
    `(${last.band}) on ${day(last.at)}; the highest total was ${points(Math.max(...history.map((p) => p.total)))}.`;

  return (
    <figure>
      <svg
        class="chart"
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-labelledby="chart-title chart-desc"
      >
        <title id="chart-title">Score over time</title>
        <desc id="chart-desc">{summary}</desc>
        {ticks.map((v) => (
          <g>
            <line class="grid-line" x1={PAD.left} x2={W - PAD.right} y1={fmt(y(v))} y2={fmt(y(v))} />
            <text x={PAD.left - 6} y={fmt(y(v) + 4)} text-anchor="end">
              {points(v)}
            </text>
          </g>
        ))}
        {visible.map((l) => (
          <line class="threshold" x1={PAD.left} x2={W - PAD.right} y1={fmt(y(l.min))} y2={fmt(y(l.min))} />
        ))}
        <line class="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
        <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
        <text x={PAD.left} y={H - 8}>
          {when(first.at)}
        </text>
        <text x={W - PAD.right} y={H - 8} text-anchor="end">
          {when(last.at)}
        </text>
        {SERIES.slice(1).map((s) => (
          <polyline class={`line s-${s.key}`} points={path(s.key)} />
        ))}
        <polyline class="line s-total" points={path('total')} />
        {history.map((p) => (
          <circle class="dot" cx={fmt(x(p.at))} cy={fmt(y(p.total))} r="3" />
        ))}
        {/* Threshold names last, over the lines, so a line never hides one. */}
        {visible.map((l) => (
          <text class="threshold-label" x={W - PAD.right - 4} y={fmt(y(l.min) - 4)} text-anchor="end">
            {`${l.name} ≥ ${points(l.min)}`}
          </text>
        ))}
      </svg>

      <figcaption>
        <ul class="legend" aria-label="Legend">
          {SERIES.map((s) => (
            <li>
              <svg width="28" height="10" aria-hidden="true" class="swatch">
                <line class={`line s-${s.key}`} x1="0" x2="28" y1="5" y2="5" />
              </svg>{' '}
              {s.label}
            </li>
          ))}
          <li>
            <svg width="28" height="10" aria-hidden="true" class="swatch">
              <line class="threshold" x1="0" x2="28" y1="5" y2="5" />
            </svg>{' '}
            Band thresholds
          </li>
        </ul>
      </figcaption>
      <details>
        <summary>Score over time as a table</summary>
        <TableWrap label="Score over time">
          <table>
            <caption>Score over time</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col" class="num">
                  Interest
                </th>
                <th scope="col" class="num">
                  Intent
                </th>
                <th scope="col" class="num">
                  Fit
                </th>
                <th scope="col">Band</th>
              </tr>
            </thead>
            <tbody>
              {history.map((p) => (
                <tr>
                  <td>
                    <time datetime={new Date(p.at).toISOString()}>{absoluteTime(p.at)}</time>
                  </td>
                  <td class="num">{points(p.total)}</td>
                  <td class="num">{points(p.interest)}</td>
                  <td class="num">{points(p.intent)}</td>
                  <td class="num">{points(p.fit)}</td>
                  <td>{p.band}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
    </figure>
  );
}
