/** Accept, reject and outcome forms for one lead (shown only to tokens with the write scope). */
export function SalesActions({ leadId }: { leadId: string }) {
  const base = `/dashboard/leads/${leadId}`;
  return (
    <div class="actions">
      <form method="post" action={`${base}/accept`}>
        <button type="submit">Accept (→ SQL)</button>
      </form>
      <form method="post" action={`${base}/reject`}>
        <div>
          <label for="reject-reason">Reason for rejecting</label>
          <input id="reject-reason" type="text" name="reason" maxlength={500} />
        </div>
        <button type="submit" class="secondary">
          Reject
        </button>
      </form>
      <form method="post" action={`${base}/outcome`}>
        <fieldset>
          <legend>Deal outcome</legend>
          <div class="row">
            <label class="choice">
              <input type="radio" name="result" value="won" required /> Won
            </label>
            <label class="choice">
              <input type="radio" name="result" value="lost" /> Lost
            </label>
          </div>
          <div>
            <label for="outcome-value">Deal value (optional)</label>
            <input id="outcome-value" type="number" name="value" min={0} step="any" inputmode="decimal" />
          </div>
          <p>
            <button type="submit">Record outcome</button>
          </p>
        </fieldset>
      </form>
    </div>
  );
}
