import type { TimelineItem } from '../../durable/timeline';
import { absoluteTime, relativeTime } from '../format';
import { SafeLink } from './safe-link';

/** Everything but page views (those are in the pages table): forms, downloads, events, e-mail, sales. */
export function ActivityList({
  items,
  now,
  origins,
}: {
  items: readonly TimelineItem[];
  now: number;
  /** The site's origins: only pages on them become links. */
  origins: readonly string[];
}) {
  const other = items.filter((i) => i.type !== 'pageview').sort((a, b) => b.at - a.at);
  if (other.length === 0) return <p>No other activity.</p>;
  return (
    <ol class="timeline">
      {other.map((i) => (
        <li>
          <time datetime={new Date(i.at).toISOString()} title={absoluteTime(i.at)}>
            {relativeTime(i.at, now)}
          </time>
          <span>{i.label}</span>
          {i.url ? (
            <span class="small muted">
              on <SafeLink url={i.url} origins={origins} />
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
