import { AXES, DOMAIN_CATEGORIES, FREQUENCIES, RULE_EVENT_TYPES, SALES_ACTIONS } from '../../scoring/model';
import {
  EVENT_TYPE_LABELS,
  FREQUENCY_LABELS,
  LIST_CONDITIONS,
  MATCH_GROUPS,
  MATCH_OPS,
  type MatchGroup,
  rowCount,
  TEXT_CONDITIONS,
  TEXT_OPS,
  type TextCondition,
} from '../rule-form';
import {
  CheckboxField,
  ChoiceGroup,
  FieldError,
  type FormView,
  fieldId,
  fieldValue,
  NumberField,
  type Option,
  SelectField,
  TextAreaField,
  TextField,
} from './form-fields';

const EVENT_OPTIONS: Option[] = RULE_EVENT_TYPES.map((t) => ({ value: t, label: EVENT_TYPE_LABELS[t] }));
const DOMAIN_OPTIONS: Option[] = DOMAIN_CATEGORIES.map((d) => ({ value: d, label: `${d} address` }));
const SALES_OPTIONS: Option[] = SALES_ACTIONS.map((a) => ({ value: a, label: a }));
const AXIS_OPTIONS: Option[] = AXES.map((a) => ({ value: a, label: a }));
const FREQUENCY_OPTIONS: Option[] = FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f] }));
const opsOf = (ops: readonly (keyof typeof MATCH_OPS)[]): Option[] =>
  ops.map((op) => ({ value: op, label: MATCH_OPS[op] }));

/** Labels of the rule form's fields, for the error summary's links. */
export function ruleFieldLabels(form: FormView): Record<string, string> {
  const labels: Record<string, string> = {
    id: 'Rule id',
    description: 'Description',
    on: 'When it counts',
    engagedSeconds: 'Engaged seconds',
    scrollDepth: 'Scroll depth',
    emailDomain: 'E-mail address',
    salesAction: 'Sales actions',
    axis: 'Axis',
    points: 'Points',
    frequency: 'How often',
    maxCount: 'At most this many times',
    maxPoints: 'At most this many points',
    perTopic: 'Per topic',
    halfLifeDays: 'Half-life',
    expiresAfterDays: 'Expires after',
    disqualify: 'Disqualifies',
    inactivityDays: 'Days without a visit',
    resetBehaviour: 'Reset behaviour',
    other: 'Other settings (JSON)',
  };
  for (const [key, label] of Object.entries(LIST_CONDITIONS)) labels[key] = label.replace(/ \(.*$/, '');
  for (const [key, label] of Object.entries(TEXT_CONDITIONS)) labels[`${key}.value`] = label;
  for (const [group, { label }] of Object.entries(MATCH_GROUPS)) {
    const n = rowCount(form.state.values, group);
    for (let i = 0; i < n; i++) {
      labels[`${group}.${i}.name`] = `${label} ${i + 1}: name`;
      labels[`${group}.${i}.op`] = `${label} ${i + 1}: comparison`;
      labels[`${group}.${i}.value`] = `${label} ${i + 1}: value`;
    }
  }
  return labels;
}

/** "Company is one of …": an operator and a value under one legend. */
function TextConditionPair({ form, name }: { form: FormView; name: TextCondition }) {
  return (
    <fieldset class="pair">
      <legend>{TEXT_CONDITIONS[name]}</legend>
      <div class="fields">
        <SelectField form={form} name={`${name}.op`} label="Compare" options={opsOf(TEXT_OPS)} />
        <TextField
          form={form}
          name={`${name}.value`}
          label="Value"
          hint="Several values: separate with commas."
        />
      </div>
    </fieldset>
  );
}

/** Rows of named values (traits, event properties, query parameters): name, comparison, value. */
function MatchRows({ form, group, hint }: { form: FormView; group: MatchGroup; hint: string }) {
  const { label, ops } = MATCH_GROUPS[group];
  const n = rowCount(form.state.values, group);
  const ids = (i: number, part: string) => fieldId(form, `${group}.${i}.${part}`);
  return (
    <fieldset class="match-rows">
      <legend>{`${label} conditions`}</legend>
      <p class="hint">{hint}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Compare</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: n }, (_, i) => (
              <tr>
                <td>
                  <label class="sr-only" for={ids(i, 'name')}>{`${label} ${i + 1}: name`}</label>
                  <input
                    id={ids(i, 'name')}
                    type="text"
                    name={`${group}.${i}.name`}
                    value={fieldValue(form, `${group}.${i}.name`)}
                    aria-invalid={form.state.errors[`${group}.${i}.name`] ? 'true' : undefined}
                    aria-describedby={
                      form.state.errors[`${group}.${i}.name`] ? `${ids(i, 'name')}-error` : undefined
                    }
                  />
                  <FieldError form={form} name={`${group}.${i}.name`} />
                </td>
                <td>
                  <label class="sr-only" for={ids(i, 'op')}>{`${label} ${i + 1}: comparison`}</label>
                  <select id={ids(i, 'op')} name={`${group}.${i}.op`}>
                    {opsOf(ops).map((o) => (
                      <option value={o.value} selected={fieldValue(form, `${group}.${i}.op`) === o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                  <FieldError form={form} name={`${group}.${i}.op`} />
                </td>
                <td>
                  <label class="sr-only" for={ids(i, 'value')}>{`${label} ${i + 1}: value`}</label>
                  <input
                    id={ids(i, 'value')}
                    type="text"
                    name={`${group}.${i}.value`}
                    value={fieldValue(form, `${group}.${i}.value`)}
                    aria-invalid={form.state.errors[`${group}.${i}.value`] ? 'true' : undefined}
                    aria-describedby={
                      form.state.errors[`${group}.${i}.value`] ? `${ids(i, 'value')}-error` : undefined
                    }
                  />
                  <FieldError form={form} name={`${group}.${i}.value`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

/** Whether any of `names` holds a value or a message: its part of the form starts open. */
function anyFilled(form: FormView, names: readonly string[]): boolean {
  return names.some((name) => {
    const v = form.state.values[name];
    return (Array.isArray(v) ? v.length > 0 : Boolean(v)) || Boolean(form.state.errors[name]);
  });
}

function rowsFilled(form: FormView, group: MatchGroup): boolean {
  return Object.entries(form.state.values).some(
    ([name, v]) =>
      name.startsWith(`${group}.`) && name.endsWith('.name') && typeof v === 'string' && v.trim() !== '',
  );
}

/**
 * The rule form's fields: what the rule listens to, its conditions as fields and lists, its points,
 * limits and fading, and what it cannot show as a field ("other settings", JSON for power users).
 */
export function RuleFields({ form }: { form: FormView }) {
  const moreConditions = [
    'fileExt',
    'eventName',
    'country',
    'salesAction',
    ...Object.keys(TEXT_CONDITIONS).map((k) => `${k}.value`),
  ];
  const moreOpen = anyFilled(form, moreConditions) || rowsFilled(form, 'props') || rowsFilled(form, 'query');
  const hasOther = anyFilled(form, ['other']);
  return (
    <>
      <fieldset>
        <legend>The rule</legend>
        <div class="fields">
          <TextField
            form={form}
            name="id"
            label="Rule id"
            hint="Short and unique, e.g. pricing-page; ledgers and reports name the rule by it."
            required
            maxlength={64}
          />
          <TextField
            form={form}
            name="description"
            label="Description"
            hint="What the rule means, for people."
          />
        </div>
      </fieldset>

      <ChoiceGroup
        form={form}
        name="on"
        legend="When it counts"
        hint="The kinds of events the rule listens to."
        options={EVENT_OPTIONS}
      />

      <fieldset>
        <legend>Conditions</legend>
        <p class="hint">Every condition you fill in must hold; leave a field empty to accept any value.</p>
        <div class="fields">
          <TextField
            form={form}
            name="topic"
            label="Topics"
            hint="The page's topics; patterns like product-* allowed."
          />
          <TextField
            form={form}
            name="url"
            label="URL patterns"
            hint="Paths like /pricing*; a pattern with :// matches the whole URL."
          />
          <NumberField
            form={form}
            name="engagedSeconds"
            label="Engaged seconds, at least"
            hint="Reading a page: time with the page visible, focused and in use."
          />
          <NumberField
            form={form}
            name="scrollDepth"
            label="Scroll depth, at least (%)"
            hint="Reading a page: 0–100."
          />
          <TextField
            form={form}
            name="formIntent"
            label="Form intents"
            hint="The form's data-lb-intent, e.g. demo_request."
          />
        </div>
        <ChoiceGroup
          form={form}
          name="emailDomain"
          legend="E-mail address"
          hint="The lead's address is one of these kinds."
          options={DOMAIN_OPTIONS}
        />
        <MatchRows
          form={form}
          group="traits"
          hint="What the lead told about themselves: title, company, employees…"
        />
        <details open={moreOpen}>
          <summary>More conditions: file types, event names, countries, company, links, campaigns…</summary>
          <div class="fields">
            <TextField form={form} name="fileExt" label="File types" hint="Downloads: pdf, xlsx…" />
            <TextField form={form} name="eventName" label="Event names" hint="Custom and server events." />
            <TextField form={form} name="country" label="Countries" hint="ISO codes: DE, US…" />
          </div>
          <ChoiceGroup
            form={form}
            name="salesAction"
            legend="Sales actions"
            hint="Sales events only."
            options={SALES_OPTIONS}
          />
          {(Object.keys(TEXT_CONDITIONS) as TextCondition[]).map((name) => (
            <TextConditionPair form={form} name={name} />
          ))}
          <MatchRows form={form} group="props" hint="Properties of custom and server events." />
          <MatchRows form={form} group="query" hint="Parameters of the page URL, e.g. utm_medium." />
        </details>
      </fieldset>

      <fieldset>
        <legend>Points</legend>
        <div class="fields">
          <ChoiceGroup form={form} name="axis" legend="Axis" options={AXIS_OPTIONS} type="radio" required />
          <NumberField form={form} name="points" label="Points" hint="Negative takes points away." required />
        </div>
      </fieldset>

      <fieldset>
        <legend>How often and how much</legend>
        <div class="fields">
          <SelectField form={form} name="frequency" label="How often" options={FREQUENCY_OPTIONS} />
          <NumberField form={form} name="maxCount" label="At most this many times" hint="Empty: no limit." />
          <NumberField
            form={form}
            name="maxPoints"
            label="At most this many points"
            hint="Empty: no limit."
          />
        </div>
        <CheckboxField
          form={form}
          name="perTopic"
          label="Count per topic"
          hint="Fires once for each topic of the page, with its limits per topic."
        />
      </fieldset>

      <fieldset>
        <legend>Fading</legend>
        <div class="fields">
          <NumberField
            form={form}
            name="halfLifeDays"
            label="Half-life (days)"
            hint="Points halve every this many days."
          />
          <NumberField
            form={form}
            name="expiresAfterDays"
            label="Expires after (days)"
            hint="Points count until then, then nothing. Fit points never fade."
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>Disqualifying and inactivity</legend>
        <CheckboxField
          form={form}
          name="disqualify"
          label="Disqualifies the lead"
          hint="A disqualified lead never becomes an MQL nor reaches the top band."
        />
        <div class="fields">
          <NumberField
            form={form}
            name="inactivityDays"
            label="Days without a visit"
            hint="For “No visit for some days” rules."
          />
        </div>
        <CheckboxField
          form={form}
          name="resetBehaviour"
          label="Reset interest and intent"
          hint="Inactivity rules: behavioural points start over."
        />
      </fieldset>

      <details open={hasOther}>
        <summary>Other settings (JSON, for power users)</summary>
        <TextAreaField
          form={form}
          name="other"
          label="Other settings of this rule"
          hint="What has no field above, kept as written: alternatives (anyOf), patterns with flags, newer settings."
          rows={6}
          code
        />
      </details>
    </>
  );
}
