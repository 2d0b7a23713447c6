import { absoluteTime, relativeTime } from '../format';

/** `3 h ago` for people, the exact instant for machines (`datetime`) and on hover (`title`). */
export function RelTime({ at, now }: { at: number | null | undefined; now: number }) {
  if (at === null || at === undefined) return <span class="muted">never</span>;
  return (
    <time datetime={new Date(at).toISOString()} title={absoluteTime(at)}>
      {relativeTime(at, now)}
    </time>
  );
}
