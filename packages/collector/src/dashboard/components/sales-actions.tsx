import { type FormState, formState } from '../form';
import { ChoiceGroup, ErrorSummary, formView, NumberField, TextField } from './form-fields';

const OUTCOMES = [
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
] as const;

/** A refused sales form: which one, and what the form layer found. */
export type SalesFormState = { action: 'accept' | 'reject' | 'outcome'; state: FormState };

/**
 * Accept, reject and outcome forms for one lead (shown only to tokens with the write scope). A
 * refused form comes back with what was typed and its message next to the field.
 */
export function SalesActions({ leadId, refused }: { leadId: string; refused?: SalesFormState | undefined }) {
  const base = `/dashboard/leads/${leadId}`;
  const state = (action: SalesFormState['action']) =>
    refused?.action === action ? refused.state : formState();
  const reject = formView('reject', state('reject'));
  const outcome = formView('outcome', state('outcome'));
  return (
    <div class="actions">
      <form method="post" action={`${base}/accept`}>
        <button type="submit">Accept (→ SQL)</button>
      </form>
      <form method="post" action={`${base}/reject`}>
        <ErrorSummary form={reject} labels={{ reason: 'Reason for rejecting' }} />
        <TextField form={reject} name="reason" label="Reason for rejecting" maxlength={500} />
        <button type="submit" class="secondary">
          Reject
        </button>
      </form>
      <form method="post" action={`${base}/outcome`}>
        <fieldset>
          <legend>Deal outcome</legend>
          <ErrorSummary form={outcome} labels={{ result: 'Won or lost', value: 'Deal value' }} />
          <ChoiceGroup
            form={outcome}
            name="result"
            legend="Won or lost"
            options={OUTCOMES}
            type="radio"
            required
          />
          <NumberField form={outcome} name="value" label="Deal value (optional)" />
          <p>
            <button type="submit">Record outcome</button>
          </p>
        </fieldset>
      </form>
    </div>
  );
}
