import { points } from '../format';

type ScoreCellProps = {
  value: number;
  /** The value a full bar stands for (the top band's threshold); larger values fill the bar. */
  max: number;
};

/**
 * A table cell with a score as a bar and its number. The number is the information (read aloud,
 * visible, not a colour); the `<meter>` only draws it, so it is hidden from assistive technology
 * rather than announced twice. Kept to two elements: a list renders hundreds of these.
 */
export function ScoreCell({ value, max }: ScoreCellProps) {
  const top = max > 0 ? max : 1;
  return (
    <td class="num">
      <meter min={0} max={top} value={Math.max(0, Math.min(value, top))} aria-hidden="true" /> {points(value)}
    </td>
  );
}
