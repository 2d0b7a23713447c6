import { points } from '../format';

type ScoreBarProps = {
  value: number;
  /** The value a full bar stands for (the top band's threshold); larger values fill the bar. */
  max: number;
};

/**
 * A score as its number plus a bar. The number is the information (read aloud, visible, not a
 * colour); the `<meter>` beside it only draws it, so it is hidden from assistive technology
 * rather than announced twice.
 */
export function ScoreBar({ value, max }: ScoreBarProps) {
  const top = max > 0 ? max : 1;
  return (
    <span class="score">
      <meter min={0} max={top} value={Math.max(0, Math.min(value, top))} aria-hidden="true" />
      <span class="value">{points(value)}</span>
    </span>
  );
}
