import { STAGES } from '../../scoring';
import { points } from '../format';

type BandBadgeProps = {
  band: string;
  levels: readonly string[];
  /** The band is held by hysteresis (the score is below its `min`) until the score falls below this. */
  heldBelow?: number | undefined;
};

/**
 * A band as a pill: the name is always written out; the colour only repeats it. A band that
 * hysteresis holds says so, because the number next to it is below the band's threshold:
 * "hot — held until below 48".
 */
export function BandBadge({ band, levels, heldBelow }: BandBadgeProps) {
  const i = levels.indexOf(band);
  const tone = i < 0 ? 'stage' : i === levels.length - 1 ? 'band-top' : i === 0 ? 'band-low' : 'band-mid';
  const pill = <span class={`badge ${tone}`}>{band}</span>;
  if (heldBelow === undefined) return pill;
  return (
    <span class="held">
      {pill}
      <span
        class="small"
        title="A band is left only a few points below its threshold, so a lead does not flap."
      >
        {` — held until below ${points(heldBelow)}`}
      </span>
    </span>
  );
}

export function StageBadge({ stage }: { stage: string }) {
  // Class names only from the known stages: data never chooses a class.
  const known = (STAGES as readonly string[]).includes(stage) ? ` stage-${stage}` : '';
  return <span class={`badge stage${known}`}>{stage}</span>;
}
