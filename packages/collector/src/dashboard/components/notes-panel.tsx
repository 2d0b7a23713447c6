import type { Principal } from '../../auth/principal';
import { can } from '../../auth/principal';
import type { LeadNote } from '../../storage/lead-notes';
import { NOTE_MAX } from '../../storage/lead-notes';
import { RelTime } from './rel-time';

type NotesPanelProps = {
  leadId: string;
  notes: readonly LeadNote[];
  principal: Principal;
  /** Why the last note was refused, and its text to write again. */
  error?: string | undefined;
  draft?: string | undefined;
  now: number;
};

/** Notes sales wrote on the lead, newest first, and a form for another (for those who may). */
export function NotesPanel({ leadId, notes, principal, error, draft, now }: NotesPanelProps) {
  const mayWrite = can(principal, 'leads.sell');
  const mine = (n: LeadNote) =>
    principal.kind === 'user'
      ? n.authorId === principal.userId
      : n.authorId === null && n.authorName === `${principal.name} (token)`;
  return (
    <div>
      {notes.length === 0 ? <p class="muted">No notes yet.</p> : null}
      <ol class="notes">
        {notes.map((n) => (
          <li>
            <p class="note-meta small">
              <strong>{n.authorName}</strong> · <RelTime at={n.createdAt} now={now} />
            </p>
            <p class="note-body">{n.body}</p>
            {n.leadId === leadId && mayWrite && (mine(n) || can(principal, 'leads.erase')) ? (
              <form method="post" action={`/dashboard/leads/${leadId}/notes/${n.id}/delete`}>
                <button type="submit" class="link">
                  Delete this note
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ol>
      {mayWrite ? (
        <form method="post" action={`/dashboard/leads/${leadId}/notes`} class="panel">
          <div>
            <label for="note">Add a note</label>
            {error ? (
              <p class="field-error" id="note-error">
                {error}
              </p>
            ) : null}
            <textarea
              id="note"
              name="body"
              rows={3}
              class="short"
              required
              maxlength={NOTE_MAX}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'note-error' : undefined}
            >
              {draft ?? ''}
            </textarea>
          </div>
          <p>
            <button type="submit">Save note</button>
          </p>
        </form>
      ) : null}
    </div>
  );
}
