import { AXES } from '../../scoring/model';
import {
  CheckboxField,
  ErrorSummary,
  FieldError,
  type FormView,
  fieldId,
  fieldValue,
  Hidden,
  NumberField,
  SelectField,
  TextAreaField,
  TextField,
} from './form-fields';

/** How many rows of a group the submitted fields hold (`topics.3.topic` → 4). */
function rowsOf(form: FormView, pattern: RegExp): number[] {
  const found = new Set<number>();
  for (const name of Object.keys(form.state.values)) {
    const m = pattern.exec(name);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

function Submit({ label }: { label: string }) {
  return (
    <p>
      <button type="submit">{label}</button>
    </p>
  );
}

/** A plain input inside a table cell, labelled for screen readers (the column says it to the eye). */
function CellInput({
  form,
  name,
  label,
  wide,
}: {
  form: FormView;
  name: string;
  label: string;
  wide?: boolean;
}) {
  const id = fieldId(form, name);
  const error = form.state.errors[name];
  return (
    <>
      <label class="sr-only" for={id}>
        {label}
      </label>
      <input
        id={id}
        type="text"
        name={name}
        value={fieldValue(form, name)}
        class={wide ? undefined : 'short'}
        inputmode={wide ? undefined : 'decimal'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldError form={form} name={name} />
    </>
  );
}

/** URL patterns that give pages a topic, so a site needs no markup. */
export function TopicsForm({ form, rev }: { form: FormView; rev: number }) {
  const rows = rowsOf(form, /^topics\.(\d+)\.topic$/);
  return (
    <form method="post" action="/dashboard/model/edit/topics" class="panel">
      <Hidden name="rev" value={String(rev)} />
      <ErrorSummary form={form} />
      <p class="hint">
        A page whose URL matches one of a topic's patterns gets that topic. One pattern per line:{' '}
        <code>/pricing*</code> matches the path; a pattern with <code>://</code> the whole URL. Empty a row to
        remove it.
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">URL patterns</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr>
                <td>
                  <CellInput form={form} name={`topics.${i}.topic`} label={`Topic ${i + 1}`} wide />
                </td>
                <td>
                  <label class="sr-only" for={fieldId(form, `topics.${i}.urls`)}>
                    {`URL patterns of topic ${i + 1}`}
                  </label>
                  <textarea
                    id={fieldId(form, `topics.${i}.urls`)}
                    name={`topics.${i}.urls`}
                    rows={Math.max(2, fieldValue(form, `topics.${i}.urls`).split('\n').length)}
                    class="plain"
                    aria-invalid={form.state.errors[`topics.${i}.urls`] ? 'true' : undefined}
                    aria-describedby={
                      form.state.errors[`topics.${i}.urls`]
                        ? `${fieldId(form, `topics.${i}.urls`)}-error`
                        : undefined
                    }
                  >
                    {fieldValue(form, `topics.${i}.urls`)}
                  </textarea>
                  <FieldError form={form} name={`topics.${i}.urls`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Submit label="Save topics" />
    </form>
  );
}

const TARGET_OPTIONS = [
  { value: '', label: '— not used —' },
  { value: 'total', label: 'total score' },
  ...AXES.map((a) => ({ value: a, label: a })),
];

/** Band sets: the first is the lead's primary band; each band starts at a score. */
export function BandsForm({ form, rev }: { form: FormView; rev: number }) {
  const sets = rowsOf(form, /^bands\.(\d+)\.on$/);
  return (
    <form method="post" action="/dashboard/model/edit/bands" class="panel">
      <Hidden name="rev" value={String(rev)} />
      <ErrorSummary form={form} />
      {sets.map((n) => {
        const levels = rowsOf(form, new RegExp(`^bands\\.${n}\\.levels\\.(\\d+)\\.name$`));
        const isNew = fieldValue(form, `bands.${n}.on`) === '' && n > 0;
        return (
          <fieldset class="band-set">
            <legend>{isNew ? 'Add a band set' : n === 0 ? 'Primary bands' : `Band set ${n + 1}`}</legend>
            <div class="fields">
              <SelectField form={form} name={`bands.${n}.on`} label="Classifies" options={TARGET_OPTIONS} />
              <NumberField
                form={form}
                name={`bands.${n}.hysteresis`}
                label="Hysteresis (points)"
                hint="A band is left downwards only this far below its start. Empty: 3."
              />
              <TextField
                form={form}
                name={`bands.${n}.disqualifiedMax`}
                label="Highest band of a disqualified lead"
                hint="Empty: the band below the highest."
              />
            </div>
            <div class="table-wrap">
              <table>
                <caption>Bands, lowest first (empty a row to remove it)</caption>
                <thead>
                  <tr>
                    <th scope="col">Band</th>
                    <th scope="col">Starts at (score)</th>
                  </tr>
                </thead>
                <tbody>
                  {levels.map((j) => (
                    <tr>
                      <td>
                        <CellInput
                          form={form}
                          name={`bands.${n}.levels.${j}.name`}
                          label={`Band ${j + 1}: name`}
                          wide
                        />
                      </td>
                      <td>
                        <CellInput
                          form={form}
                          name={`bands.${n}.levels.${j}.min`}
                          label={`Band ${j + 1}: starts at`}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {n > 0 && !isNew ? (
              <CheckboxField form={form} name={`bands.${n}.remove`} label="Remove this band set" />
            ) : null}
          </fieldset>
        );
      })}
      <Submit label="Save bands" />
    </form>
  );
}

/** When a lead becomes an MQL (any criterion; each criterion's minimums all hold) and is recycled. */
export function StagesForm({ form, rev }: { form: FormView; rev: number }) {
  const rows = rowsOf(form, /^mql\.(\d+)\.total$/);
  const keys = ['total', 'interest', 'intent', 'fit'] as const;
  return (
    <form method="post" action="/dashboard/model/edit/stages" class="panel">
      <Hidden name="rev" value={String(rev)} />
      <ErrorSummary form={form} />
      <p class="hint">
        A lead becomes an MQL when one criterion (row) holds: every minimum filled in on that row. Empty a row
        to remove it.
      </p>
      <div class="table-wrap">
        <table>
          <caption>MQL criteria</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              {keys.map((k) => (
                <th scope="col">{`${k} at least`}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((i) => (
              <tr>
                <th scope="row">{`${i + 1}`}</th>
                {keys.map((k) => (
                  <td>
                    <CellInput
                      form={form}
                      name={`mql.${i}.${k}`}
                      label={`Criterion ${i + 1}: ${k} at least`}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CheckboxField
        form={form}
        name="requireKnown"
        label="Only known leads (with an e-mail address) become MQLs"
      />
      <div class="fields">
        <NumberField
          form={form}
          name="recycleBelow"
          label="Recycle an MQL whose total falls below"
          hint="Empty: 26."
        />
      </div>
      <Submit label="Save stages" />
    </form>
  );
}

/** The model's name, the competitor list and the e-mail domain settings. */
export function GeneralForm({ form, rev }: { form: FormView; rev: number }) {
  return (
    <form method="post" action="/dashboard/model/edit/general" class="panel">
      <Hidden name="rev" value={String(rev)} />
      <ErrorSummary form={form} />
      <div class="fields">
        <TextField form={form} name="name" label="Model name" />
        <SelectField
          form={form}
          name="plusAddressing"
          label="Plus addresses (ada+news@example.com)"
          options={[
            { value: 'keep', label: 'are separate leads' },
            { value: 'strip', label: 'are the same lead as ada@example.com' },
          ]}
        />
      </div>
      <div class="fields">
        <TextAreaField
          form={form}
          name="competitors"
          label="Competitors' e-mail domains"
          hint="One per line; subdomains count too. Rules can score (and disqualify) a competitor's address."
          rows={4}
        />
        <TextAreaField
          form={form}
          name="freeMailDomains"
          label="More free-mail domains"
          hint="One per line, on top of the built-in list of free-mail providers."
          rows={4}
        />
      </div>
      <Submit label="Save settings" />
    </form>
  );
}

/** Power users: replace the draft with a pasted model (checked whole, every error by its path). */
export function ImportForm({ form, rev }: { form: FormView; rev: number }) {
  return (
    <form method="post" action="/dashboard/model/edit/import" class="panel">
      <Hidden name="rev" value={String(rev)} />
      <ErrorSummary form={form} labels={{ model: 'Model (JSON)' }} />
      <TextAreaField
        form={form}
        name="model"
        label="Model (JSON)"
        hint="The format is in the scoring README. A bad model changes nothing and lists every error by its path."
        rows={12}
        code
        required
      />
      <Submit label="Replace the draft with this model" />
    </form>
  );
}
