import type { Child } from 'hono/jsx';
import { FORM_ERROR, type FormState } from '../form';
import { plural } from '../format';

/**
 * The fields of the dashboard's forms, drawn the same way everywhere: a label on every input, an
 * optional hint, and the form layer's message for the field right below it, tied to the input by
 * `aria-describedby` and marked with `aria-invalid` (form.ts reads and checks what comes back).
 * Native inputs only: everything works with the keyboard and without script.
 */

/**
 * A form's state plus the prefix that keeps its element ids apart from other forms on the page; the
 * page's only form may have none (`''`): its element ids are then the field names.
 */
export type FormView = { prefix: string; state: FormState };

export function formView(prefix: string, state: FormState): FormView {
  return { prefix, state };
}

/** The element id of a field: `rule-traits-0-value` for `traits.0.value` in the form `rule`. */
export function fieldId(form: FormView, name: string): string {
  const id = name.replace(/[^A-Za-z0-9_-]/g, '-');
  return form.prefix ? `${form.prefix}-${id}` : id;
}

/** The text a field shows: what was submitted, else the value the page filled in. */
export function fieldValue(form: FormView, name: string): string {
  const value = form.state.values[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function picked(form: FormView, name: string): string[] {
  const value = form.state.values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

type FieldProps = {
  form: FormView;
  /** The submitted name, dotted for nested values (`traits.0.value`). */
  name: string;
  label: string;
  /** One sentence under the label: what the field means or what to type (may hold `<code>`). */
  hint?: Child | undefined;
  /** Extra class on the wrapper (grid spans). */
  class?: string | undefined;
};

function describedBy(form: FormView, name: string, hint: Child | undefined): string | undefined {
  const ids = [
    ...(hint ? [`${fieldId(form, name)}-hint`] : []),
    ...(form.state.errors[name] ? [`${fieldId(form, name)}-error`] : []),
  ];
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function Hint({ form, name, hint }: { form: FormView; name: string; hint?: Child | undefined }) {
  return hint ? (
    <p class="hint" id={`${fieldId(form, name)}-hint`}>
      {hint}
    </p>
  ) : null;
}

/** The field's message from the form layer, if any; announced with the error summary. */
export function FieldError({ form, name }: { form: FormView; name: string }) {
  const error = form.state.errors[name];
  return error ? (
    <p class="field-error" id={`${fieldId(form, name)}-error`}>
      {error}
    </p>
  ) : null;
}

type TextFieldProps = FieldProps & {
  type?: 'text' | 'url' | 'search' | 'password' | 'email';
  required?: boolean;
  minlength?: number;
  maxlength?: number;
  /** What the browser checks before it sends the form (the server checks again). */
  pattern?: string;
  autocomplete?: string;
  placeholder?: string;
};

export function TextField(p: TextFieldProps) {
  const id = fieldId(p.form, p.name);
  return (
    <div class={`field ${p.class ?? ''}`}>
      <label for={id}>{p.label}</label>
      <Hint form={p.form} name={p.name} hint={p.hint} />
      <input
        id={id}
        type={p.type ?? 'text'}
        name={p.name}
        value={fieldValue(p.form, p.name)}
        required={p.required}
        minlength={p.minlength}
        maxlength={p.maxlength}
        pattern={p.pattern}
        autocomplete={p.autocomplete}
        placeholder={p.placeholder}
        aria-invalid={p.form.state.errors[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p.form, p.name, p.hint)}
      />
      <FieldError form={p.form} name={p.name} />
    </div>
  );
}

type NumberFieldProps = FieldProps & { min?: number; max?: number; step?: string; required?: boolean };

/** A number typed as text with a numeric keyboard: `type="number"` would hide what was typed wrong. */
export function NumberField(p: NumberFieldProps) {
  const id = fieldId(p.form, p.name);
  return (
    <div class={`field ${p.class ?? ''}`}>
      <label for={id}>{p.label}</label>
      <Hint form={p.form} name={p.name} hint={p.hint} />
      <input
        id={id}
        type="text"
        inputmode="decimal"
        name={p.name}
        value={fieldValue(p.form, p.name)}
        required={p.required}
        class="short"
        aria-invalid={p.form.state.errors[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p.form, p.name, p.hint)}
      />
      <FieldError form={p.form} name={p.name} />
    </div>
  );
}

export function TextAreaField(
  p: FieldProps & {
    rows?: number;
    code?: boolean;
    required?: boolean;
    /** A few lines' height (a short list) instead of a text's. Default false. */
    short?: boolean;
  },
) {
  const id = fieldId(p.form, p.name);
  return (
    <div class={`field ${p.class ?? ''}`}>
      <label for={id}>{p.label}</label>
      <Hint form={p.form} name={p.name} hint={p.hint} />
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 4}
        class={`${p.code ? 'code' : 'plain'}${p.short ? ' short' : ''}`}
        spellcheck={p.code ? false : undefined}
        required={p.required}
        aria-invalid={p.form.state.errors[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p.form, p.name, p.hint)}
      >
        {fieldValue(p.form, p.name)}
      </textarea>
      <FieldError form={p.form} name={p.name} />
    </div>
  );
}

export type Option = {
  value: string;
  label: string;
  /** A few words after the label on what the choice means (choice groups only). Default none. */
  note?: string;
};

export function SelectField(p: FieldProps & { options: readonly Option[] }) {
  const id = fieldId(p.form, p.name);
  const current = fieldValue(p.form, p.name);
  return (
    <div class={`field ${p.class ?? ''}`}>
      <label for={id}>{p.label}</label>
      <Hint form={p.form} name={p.name} hint={p.hint} />
      <select
        id={id}
        name={p.name}
        aria-invalid={p.form.state.errors[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p.form, p.name, p.hint)}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError form={p.form} name={p.name} />
    </div>
  );
}

/** One checkbox; checked when the field's value is non-empty. */
export function CheckboxField(p: FieldProps & { required?: boolean }) {
  const id = fieldId(p.form, p.name);
  return (
    <div class={`field check ${p.class ?? ''}`}>
      <input
        id={id}
        type="checkbox"
        name={p.name}
        value="on"
        checked={fieldValue(p.form, p.name) !== ''}
        required={p.required}
        aria-invalid={p.form.state.errors[p.name] ? 'true' : undefined}
        aria-describedby={describedBy(p.form, p.name, p.hint)}
      />
      <label for={id}>{p.label}</label>
      <Hint form={p.form} name={p.name} hint={p.hint} />
      <FieldError form={p.form} name={p.name} />
    </div>
  );
}

type ChoiceGroupProps = Omit<FieldProps, 'label'> & {
  legend: string;
  options: readonly Option[];
  /** Checkboxes (any number) or radio buttons (one). Default checkboxes. */
  type?: 'checkbox' | 'radio';
  /** Radio buttons: one must be chosen before the browser sends the form. Default false. */
  required?: boolean;
  /** One option per line, for options of a sentence each. Default: side by side. */
  stacked?: boolean;
};

/** A group of checkboxes or radio buttons sharing one name, in a fieldset with its legend. */
export function ChoiceGroup(p: ChoiceGroupProps) {
  const chosen = picked(p.form, p.name);
  const groupId = fieldId(p.form, p.name);
  return (
    <fieldset
      class={`choices ${p.class ?? ''}`}
      id={groupId}
      aria-describedby={describedBy(p.form, p.name, p.hint)}
    >
      <legend>{p.legend}</legend>
      <Hint form={p.form} name={p.name} hint={p.hint} />
      <div class={p.stacked ? undefined : 'row'}>
        {p.options.map((o) => (
          <label class={p.stacked ? 'choice block' : 'choice'}>
            <input
              type={p.type ?? 'checkbox'}
              name={p.name}
              value={o.value}
              checked={chosen.includes(o.value)}
              required={p.type === 'radio' && p.required ? true : undefined}
              aria-invalid={p.form.state.errors[p.name] ? 'true' : undefined}
            />{' '}
            {o.note ? (
              <span>
                {o.label} <span class="muted">— {o.note}</span>
              </span>
            ) : (
              o.label
            )}
          </label>
        ))}
      </div>
      <FieldError form={p.form} name={p.name} />
    </fieldset>
  );
}

/** A value the form carries back unchanged (a revision, an id). */
export function Hidden({ name, value }: { name: string; value: string }) {
  return <input type="hidden" name={name} value={value} />;
}

/**
 * Every message of a refused form at its top, each a link to its field, announced to screen
 * readers (GOV.UK's error summary pattern). `labels` names fields in the list; a message about no
 * single field (`FORM_ERROR`) or about a field the page does not show is listed as text.
 */
export function ErrorSummary({
  form,
  labels = {},
  title,
}: {
  form: FormView;
  labels?: Record<string, string>;
  title?: string;
}) {
  const entries = Object.entries(form.state.errors);
  if (entries.length === 0) return null;
  const heading = title ?? `${plural(entries.length, 'problem')}: nothing was saved.`;
  return (
    <div class="error" role="alert" id={fieldId(form, 'errors')} tabindex={-1}>
      <p>
        <strong>{heading}</strong>
      </p>
      <ul>
        {entries.map(([name, message]) =>
          name === FORM_ERROR ? (
            <li>{message}</li>
          ) : (
            <li>
              <a href={`#${fieldId(form, name)}`}>{labels[name] ?? fieldLabel(name)}</a>
              {`: ${message}`}
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

/** `traits.1.value` → "traits row 2, value": a fallback when a page gives no label. */
function fieldLabel(name: string): string {
  return name
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? `row ${Number(part) + 1}` : part))
    .join(', ');
}

/** A panel of fields laid out in a grid that becomes one column on a phone. */
export function FieldGrid({ children }: { children?: Child }) {
  return <div class="fields">{children}</div>;
}
