/**
 * The dashboard's one form layer. Every editable screen reads its input here, as hono's validator
 * middleware does for JSON: the submitted fields (flat names such as `points` or `traits.1.value`)
 * are nested into an object, checked by a valibot schema, and come back either as typed values or
 * as one message per field, keyed by the field's own name, so the page shows each message next to
 * its field (components/form-fields.tsx) and keeps what was typed.
 *
 * Field names: a `.` nests, a segment of digits is a list index (`mql.0.total`). A name sent twice
 * (a group of checkboxes) arrives as a list. Messages are written for people ("Enter a number"),
 * and a check that concerns no single field reports under `FORM_ERROR`.
 */
import type { Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../app-env';

/** A form's fields as submitted or as they are to be shown: every value is text. */
export type FieldValues = Record<string, string | string[]>;

/** One message per field name; `FORM_ERROR` for what belongs to no single field. */
export type FieldErrors = Record<string, string>;

/** What a page needs to draw a form: the values to show and the messages next to them. */
export type FormState = { values: FieldValues; errors: FieldErrors };

/** The key of an error that belongs to the form as a whole. */
export const FORM_ERROR = '_form';

export type FormResult<T> =
  | { ok: true; value: T; values: FieldValues }
  | { ok: false; errors: FieldErrors; values: FieldValues };

export function formState(values: FieldValues = {}, errors: FieldErrors = {}): FormState {
  return { values, errors };
}

/** The text fields of a submitted form (urlencoded or multipart); files are dropped, no form takes one. */
export async function readFields(c: Context<AppEnv>): Promise<FieldValues> {
  const body = await c.req.parseBody({ all: true });
  const out: FieldValues = {};
  for (const [name, raw] of Object.entries(body)) {
    const list = (Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === 'string');
    if (list.length === 1) out[name] = list[0] as string;
    else if (list.length > 1) out[name] = list;
  }
  return out;
}

/** Reads and validates the submitted form against `schema`. */
export async function parseForm<S extends v.GenericSchema>(
  c: Context<AppEnv>,
  schema: S,
): Promise<FormResult<v.InferOutput<S>>> {
  return validateFields(schema, await readFields(c));
}

/** Validates flat field values against a schema over their nested shape. Never throws. */
export function validateFields<S extends v.GenericSchema>(
  schema: S,
  values: FieldValues,
): FormResult<v.InferOutput<S>> {
  const parsed = v.safeParse(schema, nestFields(values), { abortEarly: false });
  if (parsed.success) return { ok: true, value: parsed.output, values };
  const errors: FieldErrors = {};
  for (const issue of parsed.issues) {
    const name = issueField(issue);
    // The first message per field is the one to fix first (a later one often follows from it).
    errors[name] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** The field name an issue is about: its path joined with dots, or `FORM_ERROR`. */
export function issueField(issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((item) => String(item.key));
  return keys.length > 0 ? keys.join('.') : FORM_ERROR;
}

/** A row index: digits; rows beyond the few dozen a page draws are no rows. */
const INDEX = /^\d+$/;
const MAX_ROWS = 1000;
/** Keys that would reach an object's prototype: a field with one is ignored. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** `{"a.0.b": "x"}` → `{a: [{b: "x"}]}`. A name that clashes with another's nesting is ignored. */
export function nestFields(values: FieldValues): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const keys = name.split('.');
    if (keys.some((k) => FORBIDDEN.has(k) || (INDEX.test(k) && Number(k) >= MAX_ROWS))) continue;
    let node: Record<string, unknown> | unknown[] = root;
    let ok = true;
    for (let i = 0; i < keys.length - 1 && ok; i++) {
      const key = keys[i] as string;
      const nextIsIndex = INDEX.test(keys[i + 1] as string);
      if (Array.isArray(node) !== INDEX.test(key)) ok = false;
      else if (!Object.hasOwn(node, key)) {
        const created: Record<string, unknown> | unknown[] = nextIsIndex ? [] : {};
        (node as Record<string, unknown>)[key] = created;
        node = created;
      } else {
        const slot = (node as Record<string, unknown>)[key];
        if (typeof slot === 'object' && slot !== null && Array.isArray(slot) === nextIsIndex) {
          node = slot as Record<string, unknown> | unknown[];
        } else ok = false;
      }
    }
    const last = keys.at(-1) as string;
    if (ok && Array.isArray(node) === INDEX.test(last) && !Object.hasOwn(node, last)) {
      (node as Record<string, unknown>)[last] = value;
    }
  }
  return root;
}

// --- Field schemas: what a text field means -----------------------------------------------------

/**
 * What a field arrives as: text, or a list when its name was sent more than once. An absent field
 * is '' (an unchecked checkbox, an empty select), so every field schema sees the same kinds of value
 * and an object of fields never reports a "missing key" instead of the field's own message.
 */
function submitted() {
  return v.optional(v.union([v.string(), v.array(v.string())], 'Expected text'), '');
}

/** One text value; a repeated field is refused (no page sends one). */
function single() {
  return v.pipe(
    submitted(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const input = dataset.value;
      if (typeof input === 'string') return input;
      addIssue({ message: 'Expected one value' });
      return NEVER;
    }),
  );
}

export type TextOptions = {
  /** Longest accepted text. */
  max: number;
  /** What to say when it is empty. Default "Enter a value". */
  requiredMessage?: string;
};

/** A required text, trimmed. */
export function text(opts: TextOptions): v.GenericSchema<unknown, string> {
  return v.pipe(
    single(),
    v.trim(),
    v.minLength(1, opts.requiredMessage ?? 'Enter a value'),
    v.maxLength(opts.max, `Enter at most ${opts.max} characters`),
  );
}

/** An optional text, trimmed; empty is undefined. */
export function optionalText(max: number): v.GenericSchema<unknown, string | undefined> {
  return v.pipe(
    single(),
    v.trim(),
    v.maxLength(max, `Enter at most ${max} characters`),
    v.transform((s) => (s === '' ? undefined : s)),
  );
}

export type NumberOptions = {
  min?: number;
  max?: number;
  /** Whole numbers only. Default false. */
  integer?: boolean;
};

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

function numberCheck(s: string, opts: NumberOptions): string | null {
  if (!NUMBER.test(s)) return 'Enter a number';
  const n = Number(s);
  if (!Number.isFinite(n)) return 'Enter a number';
  if (opts.integer && !Number.isInteger(n)) return 'Enter a whole number';
  if (opts.min !== undefined && n < opts.min) return `Enter a number of at least ${opts.min}`;
  if (opts.max !== undefined && n > opts.max) return `Enter a number of at most ${opts.max}`;
  return null;
}

/** An optional number; empty is undefined. */
export function optionalNumber(opts: NumberOptions = {}): v.GenericSchema<unknown, number | undefined> {
  return v.pipe(
    single(),
    v.trim(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const s = dataset.value;
      if (s === '') return undefined;
      const problem = numberCheck(s, opts);
      if (problem) {
        addIssue({ message: problem });
        return NEVER;
      }
      return Number(s);
    }),
  );
}

/** A required number. */
export function number(opts: NumberOptions = {}): v.GenericSchema<unknown, number> {
  return v.pipe(
    optionalNumber(opts),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      if (dataset.value === undefined) {
        addIssue({ message: 'Enter a number' });
        return NEVER;
      }
      return dataset.value;
    }),
  );
}

export type ListOptions = {
  /** Most entries. */
  max: number;
  /** Longest entry. Default 200. */
  itemMax?: number;
  /** What every entry must look like, and what to say when one does not. */
  item?: { pattern: RegExp; message: string };
  /** Entries are lower-cased (domains, extensions, topics). Default false. */
  lowerCase?: boolean;
  /** One entry per line only, for entries that may hold a comma (URL patterns). Default: commas and lines. */
  lines?: boolean;
};

/** A list typed as text, one entry per comma or line (or per line only); repeats and blanks dropped. */
export function list(opts: ListOptions): v.GenericSchema<unknown, string[]> {
  const itemMax = opts.itemMax ?? 200;
  return v.pipe(
    single(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const entries = dataset.value
        .split(opts.lines ? /[\n\r]+/ : /[,\n\r]+/)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => (opts.lowerCase ? s.toLowerCase() : s));
      const unique = [...new Set(entries)];
      // The most telling message first: a wrong entry says what an entry should be.
      const wrong = opts.item ? unique.find((s) => !opts.item?.pattern.test(s)) : undefined;
      const problem =
        unique.length > opts.max
          ? `Enter at most ${opts.max} entries`
          : wrong !== undefined
            ? `${opts.item?.message}: "${wrong}"`
            : unique.some((s) => s.length > itemMax)
              ? `Keep each entry to ${itemMax} characters`
              : undefined;
      if (problem) {
        addIssue({ message: problem });
        return NEVER;
      }
      return unique;
    }),
  );
}

/** A checkbox: sent (any value) is true, absent is false. */
export function checkbox(): v.GenericSchema<unknown, boolean> {
  return v.pipe(
    submitted(),
    v.transform((x) => x !== ''),
  );
}

/** One of a fixed set of values (a select or a radio group). */
export function choice<const T extends readonly string[]>(
  options: T,
  message = 'Choose one of the options',
): v.GenericSchema<unknown, T[number]> {
  return v.pipe(single(), v.picklist(options, message)) as v.GenericSchema<unknown, T[number]>;
}

/** Any number of a fixed set of values (a group of checkboxes sharing one name). */
export function choices<const T extends readonly string[]>(
  options: T,
  opts: { min?: number; minMessage?: string } = {},
): v.GenericSchema<unknown, T[number][]> {
  return v.pipe(
    submitted(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const input = dataset.value;
      const picked = (typeof input === 'string' ? [input] : input).filter((p) => p !== '');
      const unknown = picked.find((p) => !options.includes(p));
      if (unknown !== undefined) {
        addIssue({ message: `"${unknown}" is not one of the options` });
        return NEVER;
      }
      if (picked.length < (opts.min ?? 0)) {
        addIssue({ message: opts.minMessage ?? 'Choose at least one option' });
        return NEVER;
      }
      // In the options' order, whatever order the browser sent them in.
      return options.filter((o) => picked.includes(o)) as T[number][];
    }),
  );
}

/** Rows of a repeated group of fields (`traits.0.name`, `traits.1.name`…); absent is none. */
export function rows<S extends v.GenericSchema>(row: S): v.GenericSchema<unknown, v.InferOutput<S>[]> {
  return v.pipe(
    v.optional(v.array(row, 'Expected rows of fields'), []),
    v.maxLength(100, 'Enter at most 100 rows'),
  ) as v.GenericSchema<unknown, v.InferOutput<S>[]>;
}

/** Optional JSON text (a power user's field): empty is undefined, else it must parse as an object. */
export function optionalJsonObject(
  max: number,
): v.GenericSchema<unknown, Record<string, unknown> | undefined> {
  return v.pipe(
    single(),
    v.trim(),
    v.maxLength(max, `Enter at most ${max} characters`),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      if (dataset.value === '') return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(dataset.value);
      } catch (err) {
        addIssue({ message: `Not valid JSON: ${err instanceof Error ? err.message : 'parse error'}` });
        return NEVER;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        addIssue({ message: 'Expected a JSON object ({ … })' });
        return NEVER;
      }
      return parsed as Record<string, unknown>;
    }),
  );
}

// --- Field by field ---------------------------------------------------------------------------
// Screens whose API already has a schema (sites, users, sign-in) read the fields one by one, turn
// them into the JSON the API takes and check it with the API's own schema, so a form and an API
// call are refused for the same reasons in the same words; `fieldErrors` puts each `path: message`
// beside its field.

export type FormBody = Record<string, string | File | (string | File)[]>;

/** A submitted form (urlencoded or multipart); repeated fields (checkbox groups) stay lists. */
export async function readForm(c: Context<AppEnv>): Promise<FormBody> {
  return (await c.req.parseBody({ all: true })) as FormBody;
}

/** A text field, or undefined when absent, repeated or a file. */
export function field(body: FormBody, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a repeated field (a group of checkboxes), files left out. */
export function fieldValues(body: FormBody, name: string): string[] {
  const v = body[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

/** Whether a checkbox was ticked. */
export function checked(body: FormBody, name: string): boolean {
  return fieldValues(body, name).length > 0;
}

/** A list typed into a text area or field: one entry per line or comma, blanks dropped. */
export function listField(body: FormBody, name: string): string[] {
  return (field(body, name) ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * `origins[1]: expected an origin …` → `{ origins: 'entry 2: expected an origin …' }`: each
 * problem under the form field it belongs to (the first part of its path), several joined.
 */
export function fieldErrors(problems: readonly string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const p of problems) {
    const m = /^([A-Za-z_][\w]*)((?:\[\d+\]|\.[\w$-]+)*): (.*)$/s.exec(p);
    const name = m?.[1] ?? FORM_ERROR;
    const index = m?.[2] ? /^\[(\d+)\]/.exec(m[2])?.[1] : undefined;
    const text = m ? `${index !== undefined ? `entry ${Number(index) + 1}: ` : ''}${m[3]}` : p;
    out[name] = out[name] ? `${out[name]}; ${text}` : text;
  }
  return out;
}
