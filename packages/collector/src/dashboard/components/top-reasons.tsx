import { topReasons } from '../../durable/notifications';
import type { ScoreResult } from '../../scoring';
import { signedPoints } from '../format';

/**
 * The few ledger lines worth most now, biggest first: the same "why" a webhook or Slack message
 * states, above the full ledger.
 */
export function TopReasons({ result, n = 3 }: { result: ScoreResult; n?: number }) {
  const reasons = topReasons(result, n);
  if (reasons.length === 0) return <p>No points yet: no rule has fired for this lead.</p>;
  return (
    <ol class="reasons">
      {reasons.map((r) => (
        <li>
          <span class={`pts ${r.points < 0 ? 'neg' : 'pos'}`}>{signedPoints(r.points)}</span>{' '}
          <span>{r.reason}</span>
        </li>
      ))}
    </ol>
  );
}
