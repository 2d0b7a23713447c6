import type { Deal } from '../../durable/lead-source';
import type { SalesAction } from '../../leads/sales-actions';
import { type FieldValues, type FormState, formState } from '../form';
import { ChoiceGroup, ErrorSummary, formView, NumberField, TextField } from './form-fields';

const OUTCOMES = [
  { value: 'won', label: 'Won' },
  { value: 'lost', label: 'Lost' },
] as const;

/** A refused sales form: which one, and what the form layer found. */
export type SalesFormState = { action: 'accept' | 'reject' | 'outcome'; state: FormState };

type SalesActionsProps = {
  leadId: string;
  /** Per action, why it makes no sense now (null: it is offered). */
  options: Record<SalesAction, string | null>;
  deal: Deal | null;
  /** A form that came back refused, with what was typed and its messages. */
  refused?: SalesFormState | undefined;
};

/**
 * Accept, reject and outcome forms for one lead, each only where it makes sense (no Accept for an
 * anonymous visitor, an accepted lead or a won deal); shown only to those who may record sales
 * actions. A refused form comes back with what was typed and its message next to the field; the
 * outcome form starts from the deal recorded so far.
 */
export function SalesActions({ leadId, options, deal, refused }: SalesActionsProps) {
  const base = `/dashboard/leads/${leadId}`;
  const offered = (Object.values(options) as (string | null)[]).some((o) => o === null);
  if (!offered) return <p class="muted">{options.accept}</p>;
  const dealValues: FieldValues = deal
    ? { result: deal.result, ...(deal.value !== undefined ? { value: String(deal.value) } : {}) }
    : {};
  const state = (action: SalesFormState['action'], initial: FieldValues = {}) =>
    refused?.action === action ? refused.state : formState(initial);
  const reject = formView('reject', state('reject'));
  const outcome = formView('outcome', state('outcome', dealValues));
  return (
    <div class="actions">
      {options.accept === null ? (
        <form method="post" action={`${base}/accept`}>
          <button type="submit">Accept (→ SQL)</button>
        </form>
      ) : null}
      {options.reject === null ? (
        <form method="post" action={`${base}/reject`}>
          <ErrorSummary form={reject} labels={{ reason: 'Reason for rejecting' }} />
          <TextField form={reject} name="reason" label="Reason for rejecting" maxlength={500} />
          <button type="submit" class="secondary">
            Reject
          </button>
        </form>
      ) : null}
      {options.outcome === null ? (
        <form method="post" action={`${base}/outcome`}>
          <fieldset>
            <legend>{deal ? 'Change the deal outcome' : 'Deal outcome'}</legend>
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
      ) : null}
    </div>
  );
}
