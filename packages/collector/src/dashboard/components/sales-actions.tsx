import type { Deal } from '../../durable/lead-source';
import type { SalesAction } from '../../leads/sales-actions';

type SalesActionsProps = {
  leadId: string;
  /** Per action, why it makes no sense now (null: it is offered). */
  options: Record<SalesAction, string | null>;
  deal: Deal | null;
};

/**
 * Accept, reject and outcome forms for one lead, each only where it makes sense (no Accept for an
 * anonymous visitor, an accepted lead or a won deal); shown only to those who may record sales actions.
 */
export function SalesActions({ leadId, options, deal }: SalesActionsProps) {
  const base = `/dashboard/leads/${leadId}`;
  const offered = (Object.values(options) as (string | null)[]).some((o) => o === null);
  if (!offered) return <p class="muted">{options.accept}</p>;
  return (
    <div class="actions">
      {options.accept === null ? (
        <form method="post" action={`${base}/accept`}>
          <button type="submit">Accept (→ SQL)</button>
        </form>
      ) : null}
      {options.reject === null ? (
        <form method="post" action={`${base}/reject`}>
          <div>
            <label for="reject-reason">Reason for rejecting</label>
            <input id="reject-reason" type="text" name="reason" maxlength={500} />
          </div>
          <button type="submit" class="secondary">
            Reject
          </button>
        </form>
      ) : null}
      {options.outcome === null ? (
        <form method="post" action={`${base}/outcome`}>
          <fieldset>
            <legend>{deal ? 'Change the deal outcome' : 'Deal outcome'}</legend>
            <div class="row">
              <label class="choice">
                <input type="radio" name="result" value="won" required checked={deal?.result === 'won'} /> Won
              </label>
              <label class="choice">
                <input type="radio" name="result" value="lost" checked={deal?.result === 'lost'} /> Lost
              </label>
            </div>
            <div>
              <label for="outcome-value">Deal value (optional)</label>
              <input
                id="outcome-value"
                type="number"
                name="value"
                min={0}
                step="any"
                inputmode="decimal"
                value={deal?.value !== undefined ? String(deal.value) : undefined}
              />
            </div>
            <p>
              <button type="submit">Record outcome</button>
            </p>
          </fieldset>
        </form>
      ) : null}
    </div>
  );
}
