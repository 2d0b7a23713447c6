import { absoluteTime } from '../format';

/**
 * An exact time: UTC as the server renders it, rewritten in the reader's own time zone by the
 * local-time script (`full`: date and time; `short`: weekday, day, month and time).
 */
export function LocalTime({ at, mode = 'full' }: { at: number; mode?: 'full' | 'short' }) {
  return (
    <time datetime={new Date(at).toISOString()} data-local={mode} title={absoluteTime(at)}>
      {absoluteTime(at)}
    </time>
  );
}

/** Says which zone times are in: UTC, until the script says the reader's own. */
export function ZoneNote() {
  return (
    <p class="small muted" data-zone="">
      Times in UTC.
    </p>
  );
}
