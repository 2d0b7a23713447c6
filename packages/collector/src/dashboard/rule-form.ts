/**
 * A scoring rule as a form: every condition a marketer sets is a field or a list, never JSON.
 * `ruleFields` fills the form from a rule, `RuleFormSchema` (the form layer) reads it back and
 * `ruleFromForm` builds the rule, which the whole model's validation (`parseModel`) then checks;
 * `ruleErrorField` puts each of its messages next to the field it is about.
 *
 * The editor stays generic over the model: whatever a rule holds that has no field here (a
 * condition added to the engine later, `anyOf` alternatives, a regular expression with flags)
 * is shown in words and kept as written, in the rule's "other settings" (JSON, for power users),
 * so saving a rule through the form never drops what the form cannot show.
 */
import * as v from 'valibot';
import { canonicalJson } from '../scoring';
import {
  AXES,
  type Conditions,
  DOMAIN_CATEGORIES,
  FREQUENCIES,
  RULE_EVENT_TYPES,
  type Rule,
  type RuleEventType,
  SALES_ACTIONS,
  type TextMatch,
  type ValueMatch,
} from '../scoring/model';
import {
  checkbox,
  choice,
  choices,
  type FieldErrors,
  type FieldValues,
  FORM_ERROR,
  list,
  number,
  optionalJsonObject,
  optionalNumber,
  optionalText,
  rows,
  text,
} from './form';

/** The event types in words, in the order the form lists them. */
export const EVENT_TYPE_LABELS: Record<RuleEventType, string> = {
  pageview: 'Page view',
  engagement: 'Reading a page (engaged time, scroll)',
  download: 'Download',
  form: 'Form submission',
  custom: 'Custom event (page)',
  server: 'Server event (API)',
  identify: 'Identified (profile given)',
  email_open: 'Newsletter opened',
  email_click: 'Newsletter link clicked',
  mailto: 'E-mail link clicked',
  tel: 'Phone link clicked',
  outbound: 'Link to another site',
  sales: 'Sales action',
  inactivity: 'No visit for some days',
};

export const FREQUENCY_LABELS: Record<(typeof FREQUENCIES)[number], string> = {
  always: 'Every time',
  once: 'Once ever',
  once_per_session: 'Once per visit (session)',
  once_per_day: 'Once per day',
};

/** How a value is compared, for profile traits, event properties and URL query parameters. */
export const MATCH_OPS = {
  is: 'is one of',
  contains: 'contains',
  matches: 'matches the pattern',
  given: 'is given',
  'not-given': 'is not given',
  'at-least': 'is at least',
  'at-most': 'is at most',
  between: 'is between',
  true: 'is true',
  false: 'is false',
} as const;
export type MatchOp = keyof typeof MATCH_OPS;
const ALL_OPS = Object.keys(MATCH_OPS) as MatchOp[];
/** Text conditions (company, link, file name, query parameters) take no numbers or true/false. */
export const TEXT_OPS: readonly MatchOp[] = ['is', 'contains', 'matches', 'given', 'not-given'];

/** Named value groups of the conditions: traits, event properties and URL query parameters. */
export const MATCH_GROUPS = {
  traits: { label: 'Profile trait', ops: ALL_OPS },
  props: { label: 'Event property', ops: ALL_OPS },
  query: { label: 'URL query parameter', ops: TEXT_OPS },
} as const;
export type MatchGroup = keyof typeof MATCH_GROUPS;

/** Text conditions with one operator and value. */
export const TEXT_CONDITIONS = {
  company: 'Company',
  campaign: 'Newsletter campaign',
  fileName: 'File name',
  href: 'Link target',
  formId: 'Form id or name',
} as const;
export type TextCondition = keyof typeof TEXT_CONDITIONS;

/** Conditions that are a list of values, and what each one is about. */
export const LIST_CONDITIONS = {
  topic: 'Topics of the page (patterns like product-* allowed)',
  url: 'URL patterns (/pricing*; a pattern with :// matches the whole URL)',
  fileExt: 'File types (pdf, xlsx…)',
  formIntent: "Form intents (the form's data-lb-intent, e.g. demo_request)",
  eventName: 'Event names (custom and server events)',
  country: 'Countries (ISO codes: DE, US…)',
} as const;
export type ListCondition = keyof typeof LIST_CONDITIONS;

const NUMBER_CONDITIONS = ['engagedSeconds', 'scrollDepth'] as const;
const CHOICE_CONDITIONS = ['emailDomain', 'salesAction'] as const;

/** Condition keys with a field of their own; anything else is an "other setting". */
const FORM_CONDITIONS = new Set<string>([
  ...Object.keys(LIST_CONDITIONS),
  ...Object.keys(TEXT_CONDITIONS),
  ...Object.keys(MATCH_GROUPS),
  ...NUMBER_CONDITIONS,
  ...CHOICE_CONDITIONS,
]);

/** Rule keys with a field of their own. */
const FORM_RULE_KEYS = new Set<string>([
  'id',
  'description',
  'on',
  'when',
  'axis',
  'points',
  'frequency',
  'maxCount',
  'maxPoints',
  'perTopic',
  'decay',
  'disqualify',
  'inactivityDays',
  'resetBehaviour',
]);

/** Empty rows offered under a group's filled ones (more come with "More condition rows"). */
export const BLANK_ROWS = 1;

// --- From a rule to the form -------------------------------------------------------------------

type Shown = { op: MatchOp; value: string };

const asList = (x: string | readonly string[]): readonly string[] => (typeof x === 'string' ? [x] : x);
/** A list is shown as comma-separated text; one whose entries hold a comma cannot be. */
const listText = (items: readonly string[]): string | null =>
  items.some((i) => i.includes(',') || i.includes('\n') || i.trim() !== i || i === '')
    ? null
    : items.join(', ');

/** How a match reads in the form, or null when the form cannot show it exactly. */
export function showMatch(match: ValueMatch, ops: readonly MatchOp[]): Shown | null {
  const shown = ((): Shown | null => {
    if (typeof match === 'boolean') return { op: match ? 'true' : 'false', value: '' };
    if (typeof match === 'string' || Array.isArray(match)) {
      const value = listText(asList(match));
      return value === null ? null : { op: 'is', value };
    }
    if ('contains' in match) {
      const value = listText(asList(match.contains));
      return value === null ? null : { op: 'contains', value };
    }
    if ('regex' in match)
      return match.flags === undefined && match.regex !== '' && match.regex.trim() === match.regex
        ? { op: 'matches', value: match.regex }
        : null;
    if ('exists' in match) return { op: match.exists ? 'given' : 'not-given', value: '' };
    const { gte, lte } = match as { gte?: number; lte?: number };
    if (gte !== undefined && lte !== undefined)
      return gte <= lte ? { op: 'between', value: `${gte} to ${lte}` } : null;
    if (gte !== undefined) return { op: 'at-least', value: String(gte) };
    if (lte !== undefined) return { op: 'at-most', value: String(lte) };
    return null;
  })();
  return shown && ops.includes(shown.op) ? shown : null;
}

/** What of a rule the form cannot show: its other settings and conditions, kept as written. */
export function otherSettings(rule: Rule): Record<string, unknown> {
  const other: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rule)) if (!FORM_RULE_KEYS.has(key)) other[key] = value;
  // A description the form would trim is kept as written.
  if (
    rule.description !== undefined &&
    (rule.description === '' || rule.description.trim() !== rule.description)
  )
    other.description = rule.description;
  const when = otherConditions(rule.when);
  if (Object.keys(when).length > 0) other.when = when;
  return other;
}

function otherConditions(when: Conditions | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(when ?? {})) {
    if (value === undefined) continue;
    if (!FORM_CONDITIONS.has(key)) out[key] = value;
    else if (key in LIST_CONDITIONS && listText(asList(value as string | string[])) === null)
      out[key] = value;
    else if (key in TEXT_CONDITIONS && showMatch(value as TextMatch, TEXT_OPS) === null) out[key] = value;
    else if (key in MATCH_GROUPS) {
      const ops = MATCH_GROUPS[key as MatchGroup].ops;
      const entries = Object.entries(value as Record<string, ValueMatch>);
      // A group is shown row by row, or kept whole when one of its rows cannot be shown.
      if (entries.some(([name, m]) => name.trim() !== name || name === '' || showMatch(m, ops) === null))
        out[key] = value;
    }
  }
  return out;
}

/** The rule form's fields for a rule (a blank form for a new one), with `blank` empty rows per group. */
export function ruleFields(rule: Rule | undefined, blank = BLANK_ROWS): FieldValues {
  const values: FieldValues = {};
  if (!rule) {
    values.axis = 'interest';
    values.frequency = 'always';
    values.on = 'pageview';
    for (const group of Object.keys(MATCH_GROUPS)) addBlankRows(values, group, 0, blank);
    return values;
  }
  const other = otherSettings(rule);
  const otherWhen = (other.when ?? {}) as Record<string, unknown>;
  values.id = rule.id;
  if (rule.description && !('description' in other)) values.description = rule.description;
  values.on = [...asList(rule.on)];
  const when = rule.when ?? {};
  for (const key of Object.keys(LIST_CONDITIONS) as ListCondition[]) {
    const value = when[key];
    if (value !== undefined && !(key in otherWhen)) values[key] = listText(asList(value)) ?? '';
  }
  for (const key of NUMBER_CONDITIONS) if (when[key] !== undefined) values[key] = String(when[key]);
  if (when.emailDomain) values.emailDomain = [...asList(when.emailDomain)];
  if (when.salesAction) values.salesAction = [...asList(when.salesAction)];
  for (const key of Object.keys(TEXT_CONDITIONS) as TextCondition[]) {
    const match = when[key];
    const shown = match !== undefined && !(key in otherWhen) ? showMatch(match, TEXT_OPS) : null;
    values[`${key}.op`] = shown?.op ?? 'is';
    values[`${key}.value`] = shown?.value ?? '';
  }
  for (const group of Object.keys(MATCH_GROUPS) as MatchGroup[]) {
    const entries =
      group in otherWhen ? [] : Object.entries((when[group] ?? {}) as Record<string, ValueMatch>);
    entries.forEach(([name, match], i) => {
      const shown = showMatch(match, MATCH_GROUPS[group].ops) as Shown;
      values[`${group}.${i}.name`] = name;
      values[`${group}.${i}.op`] = shown.op;
      values[`${group}.${i}.value`] = shown.value;
    });
    addBlankRows(values, group, entries.length, blank);
  }
  values.axis = rule.axis;
  values.points = String(rule.points);
  values.frequency = rule.frequency ?? 'always';
  if (rule.maxCount !== undefined) values.maxCount = String(rule.maxCount);
  if (rule.maxPoints !== undefined) values.maxPoints = String(rule.maxPoints);
  if (rule.perTopic) values.perTopic = 'on';
  if (rule.decay?.halfLifeDays !== undefined) values.halfLifeDays = String(rule.decay.halfLifeDays);
  if (rule.decay?.expiresAfterDays !== undefined)
    values.expiresAfterDays = String(rule.decay.expiresAfterDays);
  if (rule.disqualify) values.disqualify = 'on';
  if (rule.inactivityDays !== undefined) values.inactivityDays = String(rule.inactivityDays);
  if (rule.resetBehaviour) values.resetBehaviour = 'on';
  if (Object.keys(other).length > 0) values.other = JSON.stringify(other, null, 2);
  return values;
}

function addBlankRows(values: FieldValues, group: string, from: number, blank: number): void {
  for (let i = from; i < from + blank; i++) {
    values[`${group}.${i}.name`] = '';
    values[`${group}.${i}.op`] = 'is';
    values[`${group}.${i}.value`] = '';
  }
}

/** How many rows a group has in submitted fields (to draw them all again, plus blank ones). */
export function rowCount(values: FieldValues, group: string): number {
  let n = 0;
  for (const name of Object.keys(values)) {
    const m = /^([A-Za-z]+)\.(\d+)\./.exec(name);
    if (m && m[1] === group) n = Math.max(n, Number(m[2]) + 1);
  }
  return n;
}

/** Adds `blank` empty rows to every group of submitted fields ("More condition rows"). */
export function withMoreRows(values: FieldValues, blank = 2): FieldValues {
  const out = { ...values };
  for (const group of Object.keys(MATCH_GROUPS)) addBlankRows(out, group, rowCount(values, group), blank);
  return out;
}

// --- From the form to a rule -------------------------------------------------------------------

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

const MatchRow = v.object({
  name: optionalText(64),
  op: choice(ALL_OPS),
  value: optionalText(500),
});

const TextConditionField = v.object({
  op: choice(TEXT_OPS),
  value: optionalText(500),
});

const listField = (itemMax = 200) => list({ max: 50, itemMax });

export const RuleFormSchema = v.object({
  id: text({ max: 64, requiredMessage: 'Give the rule an id, e.g. pricing-page' }),
  description: optionalText(2000),
  on: choices(RULE_EVENT_TYPES, { min: 1, minMessage: 'Choose at least one kind of event' }),
  topic: listField(),
  url: listField(),
  fileExt: listField(32),
  formIntent: listField(64),
  eventName: listField(64),
  country: listField(8),
  engagedSeconds: optionalNumber(),
  scrollDepth: optionalNumber(),
  emailDomain: choices(DOMAIN_CATEGORIES),
  salesAction: choices(SALES_ACTIONS),
  company: v.optional(TextConditionField, { op: 'is', value: '' }),
  campaign: v.optional(TextConditionField, { op: 'is', value: '' }),
  fileName: v.optional(TextConditionField, { op: 'is', value: '' }),
  href: v.optional(TextConditionField, { op: 'is', value: '' }),
  formId: v.optional(TextConditionField, { op: 'is', value: '' }),
  traits: rows(MatchRow),
  props: rows(MatchRow),
  query: rows(MatchRow),
  axis: choice(AXES, 'Choose interest, intent or fit'),
  points: number(),
  frequency: choice(FREQUENCIES),
  maxCount: optionalNumber({ integer: true }),
  maxPoints: optionalNumber(),
  perTopic: checkbox(),
  halfLifeDays: optionalNumber(),
  expiresAfterDays: optionalNumber(),
  disqualify: checkbox(),
  inactivityDays: optionalNumber(),
  resetBehaviour: checkbox(),
  other: optionalJsonObject(16_000),
});
export type RuleForm = v.InferOutput<typeof RuleFormSchema>;

type Built = { ok: true; rule: Rule } | { ok: false; errors: FieldErrors };

/** A match from an operator and the text typed for it, or the message for the value field. */
export function readMatch(op: MatchOp, value: string | undefined): { match: ValueMatch } | { error: string } {
  const raw = value ?? '';
  const items = raw
    .split(/[,\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const one = <T>(xs: T[]): T | T[] => (xs.length === 1 ? (xs[0] as T) : xs);
  switch (op) {
    case 'is':
      return items.length > 0 ? { match: one(items) as string | string[] } : { error: 'Enter a value' };
    case 'contains':
      return items.length > 0 ? { match: { contains: one(items) } } : { error: 'Enter a value' };
    case 'matches':
      if (raw.trim() === '') return { error: 'Enter a pattern (a regular expression)' };
      try {
        new RegExp(raw.trim(), 'i');
      } catch (err) {
        return { error: `Not a valid pattern: ${err instanceof Error ? err.message : 'syntax error'}` };
      }
      return { match: { regex: raw.trim() } };
    case 'given':
    case 'not-given':
      return { match: { exists: op === 'given' } };
    case 'true':
    case 'false':
      return { match: op === 'true' };
    case 'at-least':
    case 'at-most': {
      const n = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(n)) return { error: 'Enter a number' };
      return { match: op === 'at-least' ? { gte: n } : { lte: n } };
    }
    case 'between': {
      const m = /^\s*(\S+)\s*(?:\bto\b|–|\.\.)\s*(\S+)\s*$/.exec(raw);
      const [gte, lte] = [Number(m?.[1] ?? Number.NaN), Number(m?.[2] ?? Number.NaN)];
      if (!m || !Number.isFinite(gte) || !Number.isFinite(lte))
        return { error: 'Enter two numbers, e.g. 10 to 50' };
      return gte <= lte ? { match: { gte, lte } } : { error: 'The first number must not exceed the second' };
    }
  }
}

/**
 * The rule a submitted form describes. `previous` is the rule as it was (none for a new one):
 * whatever the new rule says in the same words as before keeps its exact former spelling (`"x"`
 * stays `"x"`, `["x"]` stays `["x"]`), so saving an unchanged form changes nothing.
 */
export function ruleFromForm(form: RuleForm, previous: Rule | undefined): Built {
  const errors: FieldErrors = {};
  // A new id must be plain (it shows in URLs and ledgers); an existing one is kept as it is.
  if (form.id !== previous?.id && !ID_PATTERN.test(form.id))
    errors.id = 'Use letters, digits and - _ . : only (no spaces)';
  const when: Record<string, unknown> = {};
  for (const key of Object.keys(LIST_CONDITIONS) as ListCondition[]) {
    const items = form[key];
    if (items.length > 0) when[key] = items.length === 1 ? items[0] : items;
  }
  for (const key of NUMBER_CONDITIONS) if (form[key] !== undefined) when[key] = form[key];
  if (form.emailDomain.length > 0) when.emailDomain = one(form.emailDomain);
  if (form.salesAction.length > 0) when.salesAction = one(form.salesAction);
  for (const key of Object.keys(TEXT_CONDITIONS) as TextCondition[]) {
    const field = form[key];
    const blank =
      (field.value ?? '') === '' && (field.op === 'is' || field.op === 'contains' || field.op === 'matches');
    if (blank) continue;
    const read = readMatch(field.op, field.value);
    if ('error' in read) errors[`${key}.value`] = read.error;
    else when[key] = read.match;
  }
  for (const group of Object.keys(MATCH_GROUPS) as MatchGroup[]) {
    const record: Record<string, ValueMatch> = {};
    form[group].forEach((row, i) => {
      if (!row) return;
      if (!row.name) {
        if (row.value) errors[`${group}.${i}.name`] = 'Enter a name for this value';
        return;
      }
      if (Object.hasOwn(record, row.name)) {
        errors[`${group}.${i}.name`] = `"${row.name}" is already in an earlier row`;
        return;
      }
      if (!MATCH_GROUPS[group].ops.includes(row.op)) {
        errors[`${group}.${i}.op`] = 'Choose how to compare';
        return;
      }
      const read = readMatch(row.op, row.value);
      if ('error' in read) errors[`${group}.${i}.value`] = read.error;
      else record[row.name] = read.match;
    });
    if (Object.keys(record).length > 0) when[group] = record;
  }

  const other = form.other ?? {};
  const otherWhen = other.when;
  if (
    otherWhen !== undefined &&
    (typeof otherWhen !== 'object' || otherWhen === null || Array.isArray(otherWhen))
  ) {
    errors.other = '"when" must be an object of conditions';
  }
  for (const key of Object.keys(other)) {
    const ownField = key !== 'when' && FORM_RULE_KEYS.has(key);
    // A description the form would trim travels here (see otherSettings); any other key has its field.
    if (ownField && !(key === 'description' && !form.description))
      errors.other = `"${key}" has its own field: set it there`;
  }
  for (const key of Object.keys((otherWhen ?? {}) as object)) {
    if (key in when) errors.other = `The condition "${key}" is set both in a field and here`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const { when: _w, ...otherRule } = other;
  const allWhen = { ...when, ...((otherWhen ?? {}) as Record<string, unknown>) };
  const decay = {
    ...(form.halfLifeDays !== undefined ? { halfLifeDays: form.halfLifeDays } : {}),
    ...(form.expiresAfterDays !== undefined ? { expiresAfterDays: form.expiresAfterDays } : {}),
  };
  const rule = {
    id: form.id,
    ...(form.description ? { description: form.description } : {}),
    on: one(form.on),
    ...(Object.keys(allWhen).length > 0 ? { when: allWhen as Conditions } : {}),
    axis: form.axis,
    points: form.points,
    ...(form.frequency !== 'always' ? { frequency: form.frequency } : {}),
    ...(form.maxCount !== undefined ? { maxCount: form.maxCount } : {}),
    ...(form.maxPoints !== undefined ? { maxPoints: form.maxPoints } : {}),
    ...(form.perTopic ? { perTopic: true } : {}),
    ...(Object.keys(decay).length > 0 ? { decay } : {}),
    ...(form.disqualify ? { disqualify: true } : {}),
    ...(form.inactivityDays !== undefined ? { inactivityDays: form.inactivityDays } : {}),
    ...(form.resetBehaviour ? { resetBehaviour: true } : {}),
    ...otherRule,
  } as Rule;
  return { ok: true, rule: previous ? keepSpelling(previous, rule) : rule };
}

function one<T>(xs: readonly T[]): T | T[] {
  return xs.length === 1 ? (xs[0] as T) : [...xs];
}

/** Values that default to what leaving them out means. */
const RULE_DEFAULTS: Record<string, unknown> = {
  frequency: 'always',
  perTopic: false,
  disqualify: false,
  resetBehaviour: false,
};

/** A value as it counts: a lone string is a list of one, a default is nothing. */
function meaning(value: unknown, key?: string): string {
  if (key !== undefined && value === RULE_DEFAULTS[key]) return canonicalJson(undefined);
  // No entries is no condition: `traits: {}` asks nothing.
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
    return canonicalJson(undefined);
  const norm = (x: unknown): unknown => {
    if (typeof x === 'string') return [x];
    // A list of names means "any of them": order and repeats say nothing.
    if (Array.isArray(x) && x.every((i) => typeof i === 'string')) return [...new Set(x)].sort();
    if (Array.isArray(x)) return x.map(norm);
    if (x && typeof x === 'object')
      return Object.fromEntries(Object.entries(x).map(([k, val]) => [k, norm(val)]));
    return x;
  };
  return canonicalJson(norm(value));
}

/** Whether two rules say the same, however each spells it. */
export function sameRule(a: Rule, b: Rule): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const [x, y] = [(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]];
    if (key === 'when') {
      const conds = new Set([...Object.keys(x ?? {}), ...Object.keys(y ?? {})]);
      for (const c of conds) {
        if (meaning((x as Record<string, unknown>)?.[c]) !== meaning((y as Record<string, unknown>)?.[c]))
          return false;
      }
    } else if (meaning(x, key) !== meaning(y, key)) return false;
  }
  return true;
}

function keepSpelling(previous: Rule, next: Rule): Rule {
  if (sameRule(previous, next)) return previous;
  const out: Record<string, unknown> = { ...next };
  const prev = previous as Record<string, unknown>;
  for (const key of Object.keys(out)) {
    if (key === 'when' || !(key in prev)) continue;
    if (meaning(prev[key], key) === meaning(out[key], key)) out[key] = prev[key];
  }
  if (next.when && previous.when) {
    const when: Record<string, unknown> = { ...next.when };
    for (const key of Object.keys(when)) {
      const before = (previous.when as Record<string, unknown>)[key];
      if (before !== undefined && meaning(before) === meaning(when[key])) when[key] = before;
    }
    out.when = when;
  }
  return out as Rule;
}

// --- Validation messages next to their fields ---------------------------------------------------

/** The rule form's field for a path inside a rule (`when.engagedSeconds`), given the submitted rows. */
function fieldForPath(path: string, form: RuleForm): string {
  const [head, ...rest] = path.split('.');
  if (head === 'decay') {
    if (rest[0] === 'expiresAfterDays') return 'expiresAfterDays';
    return 'halfLifeDays';
  }
  if (head !== 'when') return FORM_RULE_KEYS.has(head ?? '') ? (head as string) : 'other';
  const key = rest[0]?.replace(/\[.*$/, '') ?? '';
  if (key in LIST_CONDITIONS || (NUMBER_CONDITIONS as readonly string[]).includes(key)) return key;
  if ((CHOICE_CONDITIONS as readonly string[]).includes(key)) return key;
  if (key in TEXT_CONDITIONS) return `${key}.value`;
  if (key in MATCH_GROUPS) {
    const tail = path.slice(`when.${key}`.length);
    const name = /^\.([A-Za-z_$][\w$]*)/.exec(tail)?.[1] ?? /^\["((?:[^"\\]|\\.)*)"\]/.exec(tail)?.[1];
    const i = form[key as MatchGroup].findIndex((r) => r?.name === name);
    if (i >= 0) return `${key}.${i}.value`;
  }
  return 'other';
}

/**
 * Puts the model validation's messages about rule `index` next to the rule form's fields; the
 * messages about anything else are for the whole form.
 */
export function ruleErrorFields(errors: readonly string[], index: number, form: RuleForm): FieldErrors {
  const out: FieldErrors = {};
  const prefix = `rules[${index}]`;
  for (const error of errors) {
    const at = error.indexOf(': ');
    const path = at >= 0 ? error.slice(0, at) : '';
    const message = at >= 0 ? error.slice(at + 2) : error;
    let field: string = FORM_ERROR;
    if (path.startsWith(`${prefix}.`)) field = fieldForPath(path.slice(prefix.length + 1), form);
    else if (path === prefix) field = FORM_ERROR;
    const text = field === FORM_ERROR || field === 'other' ? error.replace(`${prefix}.`, '') : message;
    out[field] = out[field] ? `${out[field]}; ${text}` : text;
  }
  return out;
}
