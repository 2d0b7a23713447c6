import { STAGES } from '../../scoring';
import { NOTIFICATION_KINDS, SCORE_AXES, SIGNAL_EVENT_TYPES } from '../../webhooks/notification';
import { KIND_LABELS, SIGNAL_TYPE_LABELS, type SubscriptionChoices } from '../subscription-form';
import {
  CheckboxField,
  ChoiceGroup,
  type FormView,
  NumberField,
  type Option,
  TextField,
} from './form-fields';

const opts = (values: readonly string[], label: (v: string) => string = (v) => v): Option[] =>
  values.map((value) => ({ value, label: label(value) }));

/** Labels of the subscription form's fields, for the error summary's links. */
export const SUBSCRIPTION_LABELS: Record<string, string> = {
  name: 'Name',
  url: 'Send to (URL)',
  format: 'Format',
  kinds: 'Hear about',
  bands: 'Bands',
  stages: 'Stages',
  axes: 'Bands on',
  direction: 'Direction',
  sites: 'Sites',
  topics: 'Topics read',
  countries: 'Countries',
  companies: 'Companies',
  owners: 'Owners',
  unowned: 'Leads nobody owns',
  minScoreChange: 'Minimum score change',
  cooldownHours: 'Cooldown',
  includeAnonymous: 'Anonymous visitors',
  'signal.eventTypes': 'Signal: events',
  'signal.topics': 'Signal: topics',
  'signal.intents': 'Signal: form intents',
  'signal.eventNames': 'Signal: event names',
  'signal.known': 'Signal: who',
  'signal.minCompanyPeople': 'Signal: people of the company',
};

/**
 * The fields of a subscription: where to send, what to hear about, which leads (each team its own),
 * how often, and a single-signal alert's conditions. Empty conditions match every lead.
 */
export function SubscriptionFields({ form, choices }: { form: FormView; choices: SubscriptionChoices }) {
  return (
    <>
      <fieldset>
        <legend>Where to</legend>
        <div class="fields">
          <TextField
            form={form}
            name="name"
            label="Name"
            hint="Who it is for, e.g. Sales — product X."
            required
            maxlength={100}
          />
          <TextField
            form={form}
            name="url"
            type="url"
            label="Send to (URL)"
            hint="A Slack incoming-webhook URL, or your own receiver."
            required
          />
        </div>
        <ChoiceGroup
          form={form}
          name="format"
          legend="Format"
          type="radio"
          required
          options={[
            { value: 'slack', label: 'Slack message' },
            { value: 'json', label: 'JSON (a CRM or your own service; signed)' },
          ]}
        />
      </fieldset>

      <ChoiceGroup
        form={form}
        name="kinds"
        legend="Hear about"
        options={opts(NOTIFICATION_KINDS, (k) => KIND_LABELS[k as keyof typeof KIND_LABELS])}
      />

      <fieldset>
        <legend>Which leads</legend>
        <p class="hint">Each condition you set must hold; leave one empty for every lead.</p>
        <ChoiceGroup
          form={form}
          name="bands"
          legend="Bands"
          hint="A band change counts by the band it moved to."
          options={opts(choices.bands)}
        />
        <ChoiceGroup form={form} name="stages" legend="Stages" options={opts(STAGES)} />
        <ChoiceGroup
          form={form}
          name="direction"
          legend="Direction of band and stage changes"
          type="radio"
          options={[
            { value: 'up', label: 'Upwards (warmer)' },
            { value: 'down', label: 'Downwards (cooler)' },
            { value: 'both', label: 'Both' },
          ]}
        />
        <ChoiceGroup
          form={form}
          name="axes"
          legend="Bands on"
          hint="For band sets on one axis."
          options={opts(SCORE_AXES)}
        />
        {choices.sites.length > 1 ? (
          <ChoiceGroup form={form} name="sites" legend="Sites" options={opts(choices.sites)} />
        ) : null}
        <div class="fields">
          <TextField
            form={form}
            name="topics"
            label="Topics read"
            hint="The lead read a page on one of these, e.g. pricing, product-x* (commas between)."
          />
          <TextField form={form} name="countries" label="Countries" hint="Two-letter codes: DE, AT, CH." />
          <TextField
            form={form}
            name="companies"
            label="Companies"
            hint="The company name contains one of these."
          />
          <TextField
            form={form}
            name="owners"
            label="Owners"
            hint="The lead's owner in sales is one of these."
          />
          <NumberField
            form={form}
            name="minScoreChange"
            label="Minimum score change"
            hint="Only when the total moved at least this many points with the change."
          />
        </div>
        <CheckboxField
          form={form}
          name="unowned"
          label="Leads nobody owns"
          hint="With owners above: also leads without an owner."
        />
        <CheckboxField
          form={form}
          name="includeAnonymous"
          label="Anonymous visitors too"
          hint="Browsers that have not identified yet; by default only known leads."
        />
      </fieldset>

      <fieldset>
        <legend>How often</legend>
        <div class="fields">
          <NumberField
            form={form}
            name="cooldownHours"
            label="Cooldown (hours)"
            hint="No second message about the same lead within this many hours. Empty: every change."
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>Single-signal alert</legend>
        <p class="hint">
          With “A single signal” chosen above: one event of the last hour meeting these conditions, e.g. a
          known lead from a company with at least 2 known people reads pricing.
        </p>
        <ChoiceGroup
          form={form}
          name="signal.eventTypes"
          legend="Events"
          hint="Empty: any of them."
          options={opts(SIGNAL_EVENT_TYPES, (t) => SIGNAL_TYPE_LABELS[t as keyof typeof SIGNAL_TYPE_LABELS])}
        />
        <div class="fields">
          <TextField form={form} name="signal.topics" label="Topics of the page" hint="e.g. pricing" />
          <TextField form={form} name="signal.intents" label="Form intents" hint="e.g. demo_request" />
          <TextField
            form={form}
            name="signal.eventNames"
            label="Event names"
            hint="Custom and server events."
          />
          <NumberField
            form={form}
            name="signal.minCompanyPeople"
            label="Known people of the company, at least"
            hint="Counts the lead's company's known leads, the lead included."
          />
        </div>
        <ChoiceGroup
          form={form}
          name="signal.known"
          legend="Who"
          type="radio"
          options={[
            { value: '', label: 'Anyone' },
            { value: 'known', label: 'A known lead' },
            { value: 'anonymous', label: 'An anonymous visitor' },
          ]}
        />
      </fieldset>
    </>
  );
}
