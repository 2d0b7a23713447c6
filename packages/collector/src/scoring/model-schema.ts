/**
 * Validation of a scoring model. A model is accepted whole or refused whole: `parseModel` returns
 * either the model or every error, each naming its path (`rules[3].points: expected a number`).
 * Structural checks are the valibot schema; cross-field checks (unique ids, compilable regexes,
 * ascending bands, no decay on fit…) run after it, on a structurally valid model only.
 */
import * as v from 'valibot';
import {
  AXES,
  type ConditionSet,
  type Conditions,
  DOMAIN_CATEGORIES,
  FREQUENCIES,
  RULE_EVENT_TYPES,
  type Rule,
  SALES_ACTIONS,
  type ScoringModel,
  type TextMatch,
  type ValueMatch,
} from './model';

const TARGETS = [...AXES, 'total'] as const;

const num = () => v.pipe(v.number(), v.finite('expected a finite number'));
const nonNegative = () => v.pipe(num(), v.minValue(0, 'expected a number ≥ 0'));
const positive = () => v.pipe(num(), v.gtValue(0, 'expected a number > 0'));
const text = () => v.pipe(v.string(), v.minLength(1, 'expected a non-empty string'));
const oneOrMany = <T extends v.GenericSchema>(item: T, what: string) =>
  v.union([item, v.pipe(v.array(item), v.minLength(1, 'expected at least one item'))], `expected ${what}`);

const TextMatchSchema = v.union(
  [
    v.string(),
    v.array(v.string()),
    v.strictObject({ contains: oneOrMany(v.string(), 'a string or a list of strings') }),
    v.strictObject({
      regex: v.string(),
      flags: v.optional(v.pipe(v.string(), v.regex(/^[imsu]*$/, 'expected flags among i, m, s, u'))),
    }),
    v.strictObject({ exists: v.boolean() }),
  ],
  'expected a string, a list of strings, { contains }, { regex } or { exists }',
);

const RangeSchema = v.pipe(
  v.strictObject({ gte: v.optional(num()), lte: v.optional(num()) }),
  v.check((r) => r.gte !== undefined || r.lte !== undefined, 'expected gte and/or lte'),
);

const ValueMatchSchema = v.union(
  [TextMatchSchema, RangeSchema, v.boolean()],
  'expected a text match, { gte, lte } or true/false',
);

const countEntries = {
  gte: v.pipe(num(), v.integer('expected an integer'), v.minValue(1, 'expected a number ≥ 1')),
  withinDays: v.optional(positive()),
};
const CountSchema = v.strictObject(countEntries);
const MemberCountSchema = v.strictObject({ ...countEntries, engagedSeconds: v.optional(nonNegative()) });

const conditionEntries = {
  topic: v.optional(oneOrMany(text(), 'a topic or a list of topics')),
  url: v.optional(oneOrMany(text(), 'a URL pattern or a list of them')),
  query: v.optional(v.record(v.string(), TextMatchSchema)),
  engagedSeconds: v.optional(nonNegative()),
  scrollDepth: v.optional(v.pipe(nonNegative(), v.maxValue(100, 'expected a number ≤ 100'))),
  fileExt: v.optional(oneOrMany(text(), 'an extension or a list of them')),
  fileName: v.optional(TextMatchSchema),
  href: v.optional(TextMatchSchema),
  formIntent: v.optional(oneOrMany(text(), 'an intent or a list of them')),
  formId: v.optional(TextMatchSchema),
  eventName: v.optional(oneOrMany(text(), 'an event name or a list of them')),
  props: v.optional(v.record(v.string(), ValueMatchSchema)),
  traits: v.optional(v.record(v.string(), ValueMatchSchema)),
  emailDomain: v.optional(oneOrMany(v.picklist(DOMAIN_CATEGORIES), 'a domain category or a list of them')),
  company: v.optional(TextMatchSchema),
  country: v.optional(oneOrMany(text(), 'a country code or a list of them')),
  campaign: v.optional(TextMatchSchema),
  salesAction: v.optional(oneOrMany(v.picklist(SALES_ACTIONS), 'a sales action or a list of them')),
  members: v.optional(MemberCountSchema),
  activeDays: v.optional(CountSchema),
  topicCount: v.optional(CountSchema),
};

const ConditionsSchema = v.strictObject({
  ...conditionEntries,
  anyOf: v.optional(
    v.pipe(v.array(v.strictObject(conditionEntries)), v.minLength(1, 'expected at least one condition set')),
  ),
});

const RuleSchema = v.strictObject({
  id: v.pipe(text(), v.maxLength(64, 'expected at most 64 characters')),
  description: v.optional(v.string()),
  on: oneOrMany(v.picklist(RULE_EVENT_TYPES), 'an event type or a list of them'),
  when: v.optional(ConditionsSchema),
  axis: v.picklist(AXES),
  points: num(),
  frequency: v.optional(v.picklist(FREQUENCIES)),
  perTopic: v.optional(v.boolean('expected true or false')),
  perMember: v.optional(v.boolean('expected true or false')),
  everyDays: v.optional(positive()),
  maxCount: v.optional(
    v.pipe(num(), v.integer('expected an integer'), v.minValue(1, 'expected a number ≥ 1')),
  ),
  maxPoints: v.optional(positive()),
  decay: v.optional(
    v.strictObject({ halfLifeDays: v.optional(positive()), expiresAfterDays: v.optional(positive()) }),
  ),
  disqualify: v.optional(v.boolean()),
  inactivityDays: v.optional(positive()),
  resetBehaviour: v.optional(v.boolean()),
});

const ModelSchema = v.strictObject({
  version: v.pipe(text(), v.maxLength(128, 'expected at most 128 characters')),
  name: v.optional(v.string()),
  topics: v.optional(
    v.array(
      v.strictObject({
        topic: text(),
        urls: v.pipe(v.array(text()), v.minLength(1, 'expected at least one URL pattern')),
      }),
    ),
  ),
  competitors: v.optional(v.array(text())),
  freeMailDomains: v.optional(v.array(text())),
  plusAddressing: v.optional(v.picklist(['keep', 'strip'], 'expected keep or strip')),
  rules: v.array(RuleSchema),
  bands: v.pipe(
    v.array(
      v.strictObject({
        on: v.picklist(TARGETS),
        levels: v.pipe(
          v.array(v.strictObject({ name: text(), min: num() })),
          v.minLength(2, 'expected at least two bands'),
        ),
        hysteresis: v.optional(nonNegative()),
        disqualifiedMax: v.optional(text()),
      }),
    ),
    v.minLength(1, 'expected at least one band set'),
  ),
  stages: v.strictObject({
    mql: v.pipe(
      v.array(
        v.pipe(
          v.strictObject({
            total: v.optional(num()),
            interest: v.optional(num()),
            intent: v.optional(num()),
            fit: v.optional(num()),
          }),
          v.check((c) => Object.keys(c).length > 0, 'expected at least one minimum'),
        ),
      ),
      v.minLength(1, 'expected at least one MQL criterion'),
    ),
    requireKnown: v.optional(v.boolean()),
    recycleBelow: v.optional(num()),
  }),
});

type ModelOutput = v.InferOutput<typeof ModelSchema>;
// The schema's output type must be the hand-written model type; this line fails to compile otherwise.
const asModel = (m: ModelOutput): ScoringModel => m;

export type ParseResult = { ok: true; model: ScoringModel } | { ok: false; errors: string[] };

/** Validates an untrusted model (parsed JSON). Never throws. */
export function parseModel(input: unknown): ParseResult {
  const parsed = v.safeParse(ModelSchema, input, { abortEarly: false });
  if (!parsed.success) return { ok: false, errors: parsed.issues.map(formatIssue) };
  const model = asModel(parsed.output);
  const errors = semanticErrors(model);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, model };
}

/** Validates a model and throws one error listing every problem; for models shipped in code. */
export function assertModel(input: unknown): ScoringModel {
  const result = parseModel(input);
  if (!result.ok) throw new Error(`invalid scoring model:\n${result.errors.join('\n')}`);
  return result.model;
}

/** `.name` for identifier-like keys, `["a b"]` for the rest. */
function keyPath(key: unknown): string {
  if (typeof key === 'number') return `[${key}]`;
  if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) return `.${key}`;
  return `[${JSON.stringify(String(key))}]`;
}

function formatPath(path: readonly v.IssuePathItem[] | undefined): string {
  let out = '';
  for (const item of path ?? []) out += keyPath(item.key);
  return out.replace(/^\./, '') || '(model)';
}

const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  strict_object: 'an object',
  record: 'an object',
};

function formatIssue(issue: v.BaseIssue<unknown>): string {
  const path = formatPath(issue.path);
  if (issue.kind !== 'schema') return `${path}: ${issue.message}`;
  if (issue.type === 'strict_object' && issue.expected === 'never') return `${path}: unknown key`;
  if (issue.received === 'undefined' && issue.expected !== 'Object') return `${path}: required`;
  if (issue.type === 'picklist') {
    const options = (issue.expected ?? '').replace(/^\(|\)$/g, '').split(' | ');
    return `${path}: expected one of ${options.join(', ')}`;
  }
  if (issue.type === 'union' || issue.type === 'custom') return `${path}: ${issue.message}`;
  const words = EXPECTED_WORDS[issue.type];
  if (words) return `${path}: expected ${words}`;
  return `${path}: ${issue.message}`;
}

/** Cross-field checks on a structurally valid model. */
function semanticErrors(model: ScoringModel): string[] {
  const errors: string[] = [];
  const seen = new Map<string, number>();
  model.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    const first = seen.get(rule.id);
    if (first !== undefined) errors.push(`${at}.id: duplicate id "${rule.id}" (also rules[${first}])`);
    else seen.set(rule.id, i);
    errors.push(...ruleErrors(rule, at));
  });
  model.topics?.forEach((t, i) => {
    if (t.topic !== t.topic.toLowerCase()) errors.push(`topics[${i}].topic: expected lower case`);
  });
  const bandKeys = new Set<string>();
  model.bands.forEach((set, i) => {
    const at = `bands[${i}]`;
    if (bandKeys.has(set.on)) errors.push(`${at}.on: a band set on "${set.on}" already exists`);
    bandKeys.add(set.on);
    const names = new Set<string>();
    set.levels.forEach((level, j) => {
      if (names.has(level.name)) errors.push(`${at}.levels[${j}].name: duplicate band "${level.name}"`);
      names.add(level.name);
      const prev = set.levels[j - 1];
      if (prev && level.min <= prev.min)
        errors.push(`${at}.levels[${j}].min: expected more than ${prev.min}`);
    });
    if (set.disqualifiedMax !== undefined && !names.has(set.disqualifiedMax)) {
      errors.push(`${at}.disqualifiedMax: no band named "${set.disqualifiedMax}"`);
    }
  });
  return errors;
}

function ruleErrors(rule: Rule, at: string): string[] {
  const errors: string[] = [];
  const on = Array.isArray(rule.on) ? rule.on : [rule.on];
  const isInactivity = on.includes('inactivity');
  if (isInactivity && on.length > 1) errors.push(`${at}.on: inactivity cannot be combined with event types`);
  if (isInactivity && rule.inactivityDays === undefined)
    errors.push(`${at}.inactivityDays: required for inactivity rules`);
  if (!isInactivity && rule.inactivityDays !== undefined) {
    errors.push(`${at}.inactivityDays: only for inactivity rules`);
  }
  if (!isInactivity && rule.resetBehaviour) errors.push(`${at}.resetBehaviour: only for inactivity rules`);
  if (isInactivity && rule.when && Object.keys(rule.when).length > 0) {
    errors.push(`${at}.when: inactivity rules take no conditions`);
  }
  if (isInactivity && (rule.perMember || rule.everyDays !== undefined))
    errors.push(`${at}.${rule.perMember ? 'perMember' : 'everyDays'}: only for event rules`);
  if (isInactivity && rule.axis === 'fit')
    errors.push(`${at}.axis: inactivity rules are behavioural (interest or intent)`);
  if (isInactivity && rule.frequency && rule.frequency !== 'always' && rule.frequency !== 'once') {
    errors.push(`${at}.frequency: inactivity rules fire once per inactivity period; use always or once`);
  }
  if (rule.axis === 'fit' && rule.decay) errors.push(`${at}.decay: fit points do not decay`);
  if (rule.decay && rule.decay.halfLifeDays === undefined && rule.decay.expiresAfterDays === undefined) {
    errors.push(`${at}.decay: expected halfLifeDays and/or expiresAfterDays`);
  }
  if (rule.when) errors.push(...conditionErrors(rule.when, on, `${at}.when`));
  return errors;
}

/** Which event types a condition can ever be true for; a condition on another type is a mistake. */
const CONDITION_TYPES: Partial<Record<keyof ConditionSet, readonly string[]>> = {
  engagedSeconds: ['engagement'],
  scrollDepth: ['engagement'],
  fileExt: ['download'],
  fileName: ['download'],
  href: ['download', 'outbound', 'mailto', 'tel', 'email_click'],
  formIntent: ['form'],
  formId: ['form'],
  eventName: ['custom', 'server'],
  props: ['custom', 'server'],
  campaign: ['email_open', 'email_click'],
  salesAction: ['sales'],
};

function conditionErrors(when: Conditions, on: readonly string[], at: string): string[] {
  const errors: string[] = [];
  when.anyOf?.forEach((set, i) => {
    errors.push(...conditionErrors(set, on, `${at}.anyOf[${i}]`));
  });
  for (const [key, types] of Object.entries(CONDITION_TYPES) as [keyof ConditionSet, readonly string[]][]) {
    if (when[key] === undefined) continue;
    const wrong = on.filter((type) => !types.includes(type));
    if (wrong.length > 0) errors.push(`${at}.${key}: never true for ${wrong.join(', ')} events`);
  }
  const textMatches: [string, TextMatch | undefined][] = [
    ['fileName', when.fileName],
    ['href', when.href],
    ['formId', when.formId],
    ['company', when.company],
    ['campaign', when.campaign],
  ];
  for (const [key, match] of textMatches) errors.push(...regexErrors(match, `${at}.${key}`));
  for (const [group, record] of [
    ['query', when.query],
    ['props', when.props],
    ['traits', when.traits],
  ] as const) {
    for (const [name, match] of Object.entries(record ?? {})) {
      errors.push(...regexErrors(match as ValueMatch, `${at}.${group}${keyPath(name)}`));
    }
  }
  return errors;
}

function regexErrors(match: ValueMatch | undefined, at: string): string[] {
  if (match === undefined || typeof match !== 'object' || Array.isArray(match) || !('regex' in match))
    return [];
  try {
    new RegExp(match.regex, match.flags ?? 'i');
    return [];
  } catch (error) {
    return [`${at}.regex: ${(error as Error).message}`];
  }
}
