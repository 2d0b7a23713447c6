import { STAGES } from '../../scoring';

/** A band as a pill: the name is always written out; the colour only repeats it. */
export function BandBadge({ band, levels }: { band: string; levels: readonly string[] }) {
  const i = levels.indexOf(band);
  const tone = i < 0 ? 'stage' : i === levels.length - 1 ? 'band-top' : i === 0 ? 'band-low' : 'band-mid';
  return <span class={`badge ${tone}`}>{band}</span>;
}

export function StageBadge({ stage }: { stage: string }) {
  // Class names only from the known stages: data never chooses a class.
  const known = (STAGES as readonly string[]).includes(stage) ? ` stage-${stage}` : '';
  return <span class={`badge stage${known}`}>{stage}</span>;
}
