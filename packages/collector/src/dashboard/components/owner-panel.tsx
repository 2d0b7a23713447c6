import type { Principal } from '../../auth/principal';
import type { LeadOwner } from '../../webhooks/notification';

/** Someone who may own the lead (an active sales user or admin of its site). */
export type OwnerChoice = { id: string; name: string };

type OwnerPanelProps = {
  leadId: string;
  owner: LeadOwner | null;
  choices: readonly OwnerChoice[];
  /** Whether the viewer may assign (sales actions). */
  canAssign: boolean;
  principal: Principal;
};

/** Who owns the lead, and (for sales) a form to assign it to someone, to oneself, or to nobody. */
export function OwnerPanel({ leadId, owner, choices, canAssign, principal }: OwnerPanelProps) {
  const action = `/dashboard/leads/${leadId}/owner`;
  const me = principal.kind === 'user' ? choices.find((c) => c.id === principal.userId) : undefined;
  return (
    <div class="owner">
      <p>
        <strong>Owner:</strong>{' '}
        {owner ? `${owner.name} (${owner.email})` : <span class="muted">nobody yet</span>}
      </p>
      {canAssign ? (
        <div class="actions">
          {me && owner?.id !== me.id ? (
            <form method="post" action={action}>
              <input type="hidden" name="owner" value={me.id} />
              <button type="submit">Assign to me</button>
            </form>
          ) : null}
          <form method="post" action={action}>
            <div>
              <label for="owner">Assign to</label>
              <select id="owner" name="owner">
                <option value="" selected={owner === null}>
                  Nobody
                </option>
                {choices.map((c) => (
                  <option value={c.id} selected={owner?.id === c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="secondary">
              Save owner
            </button>
          </form>
        </div>
      ) : null}
    </div>
  );
}
