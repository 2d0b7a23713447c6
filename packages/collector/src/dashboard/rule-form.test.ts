import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, parseModel } from '../scoring';
import {
  DOMAIN_CATEGORIES,
  FREQUENCIES,
  RULE_EVENT_TYPES,
  type Rule,
  SALES_ACTIONS,
  type TextMatch,
  type ValueMatch,
} from '../scoring/model';
import { type FieldValues, FORM_ERROR, validateFields } from './form';
import {
  otherSettings,
  RuleFormSchema,
  ruleErrorFields,
  ruleFields,
  ruleFromForm,
  sameRule,
  withMoreRows,
} from './rule-form';

/** Fills the form from `rule`, lets `edit` change fields as a person would, and reads it back. */
function throughForm(rule: Rule | undefined, edit: (values: FieldValues) => void = () => {}) {
  const values = ruleFields(rule);
  edit(values);
  const parsed = validateFields(RuleFormSchema, values);
  if (!parsed.ok) return { ok: false as const, errors: parsed.errors };
  return ruleFromForm(parsed.value, rule);
}

describe('the rule form', () => {
  it('gives back every default rule exactly as it was when nothing is changed', () => {
    for (const rule of DEFAULT_MODEL.rules) {
      const back = throughForm(rule);
      expect(back, rule.id).toEqual({ ok: true, rule });
    }
  });

  it('shows the default rules in fields, not JSON, except the one with alternatives', () => {
    const withOther = DEFAULT_MODEL.rules.filter((r) => Object.keys(otherSettings(r)).length > 0);
    // "Gave a job title or a company" is `anyOf` (OR) alternatives, which have no field: kept as written.
    expect(withOther.map((r) => r.id)).toEqual(['job-title-or-company']);
    const pricing = ruleFields(DEFAULT_MODEL.rules.find((r) => r.id === 'pricing-page'));
    expect(pricing).toMatchObject({
      id: 'pricing-page',
      on: ['pageview'],
      topic: 'pricing',
      axis: 'intent',
      points: '15',
      frequency: 'once_per_day',
      expiresAfterDays: '90',
    });
    const title = ruleFields(DEFAULT_MODEL.rules.find((r) => r.id === 'leadership-title'));
    expect(title).toMatchObject({ 'traits.0.name': 'title', 'traits.0.op': 'matches' });
    const landing = ruleFields(DEFAULT_MODEL.rules.find((r) => r.id === 'newsletter-landing'));
    expect(landing).toMatchObject({
      'query.0.name': 'utm_medium',
      'query.0.op': 'is',
      'query.0.value': 'email, e-mail, newsletter',
    });
  });

  it('changes what a person changes and nothing else', () => {
    const pricing = DEFAULT_MODEL.rules.find((r) => r.id === 'pricing-page') as Rule;
    const back = throughForm(pricing, (f) => {
      f.points = '30';
      f.url = '/pricing*, /plans*';
    });
    expect(back).toEqual({
      ok: true,
      rule: { ...pricing, points: 30, when: { topic: 'pricing', url: ['/pricing*', '/plans*'] } },
    });
  });

  it('builds a new rule from fields, rows of trait conditions included', () => {
    const back = throughForm(undefined, (f) => {
      Object.assign(f, withMoreRows(f, 1));
      f.id = 'cfo-reads-security';
      f.description = 'A CFO reads the security page';
      f.on = ['pageview', 'engagement'];
      f.topic = 'security';
      f['traits.0.name'] = 'title';
      f['traits.0.op'] = 'contains';
      f['traits.0.value'] = 'cfo, finance';
      f['traits.1.name'] = 'employees';
      f['traits.1.op'] = 'between';
      f['traits.1.value'] = '50 to 500';
      f['company.op'] = 'given';
      f.emailDomain = ['business'];
      f.axis = 'intent';
      f.points = '12.5';
      f.maxPoints = '25';
      f.halfLifeDays = '14';
    });
    expect(back).toEqual({
      ok: true,
      rule: {
        id: 'cfo-reads-security',
        description: 'A CFO reads the security page',
        on: ['pageview', 'engagement'],
        when: {
          topic: 'security',
          emailDomain: 'business',
          company: { exists: true },
          traits: { title: { contains: ['cfo', 'finance'] }, employees: { gte: 50, lte: 500 } },
        },
        axis: 'intent',
        points: 12.5,
        maxPoints: 25,
        decay: { halfLifeDays: 14 },
      },
    });
  });

  it('names the field of every mistake', () => {
    const back = throughForm(undefined, (f) => {
      f.id = 'has space';
      f.on = [];
      f.points = 'ten';
      f['traits.0.name'] = '';
      f['traits.0.value'] = 'cto';
      f['props.0.name'] = 'plan';
      f['props.0.op'] = 'between';
      f['props.0.value'] = '9 to 1';
      f['href.op'] = 'matches';
      f['href.value'] = '(unclosed';
      f.other = '{"points": 3}';
    });
    expect(back.ok).toBe(false);
    // The form layer's messages first; the rule's own checks once the fields are readable.
    expect(back.ok || back.errors).toEqual({
      on: 'Choose at least one kind of event',
      points: 'Enter a number',
    });
    const next = throughForm(undefined, (f) => {
      f.id = 'has space';
      f.points = '1';
      f['traits.0.value'] = 'cto';
      f['props.0.name'] = 'plan';
      f['props.0.op'] = 'between';
      f['props.0.value'] = '9 to 1';
      f['href.op'] = 'matches';
      f['href.value'] = '(unclosed';
      f.other = '{"points": 3}';
    });
    expect(next.ok || next.errors).toEqual({
      id: 'Use letters, digits and - _ . : only (no spaces)',
      'traits.0.name': 'Enter a name for this value',
      'props.0.value': 'The first number must not exceed the second',
      'href.value': expect.stringMatching(/^Not a valid pattern: /),
      other: '"points" has its own field: set it there',
    });
  });

  it("puts the model's own checks next to the rule form's fields", () => {
    const values = ruleFields(undefined);
    Object.assign(values, { id: 'x', points: '5', engagedSeconds: '30' });
    const parsed = validateFields(RuleFormSchema, values);
    if (!parsed.ok) throw new Error('expected readable fields');
    const built = ruleFromForm(parsed.value, undefined);
    if (!built.ok) throw new Error('expected a rule');
    const n = DEFAULT_MODEL.rules.length;
    const errorsOf = (rule: Rule) => {
      const checked = parseModel({ ...DEFAULT_MODEL, rules: [...DEFAULT_MODEL.rules, rule] });
      return checked.ok ? [] : checked.errors;
    };
    // Cross-field checks (a condition the event type never has)…
    expect(ruleErrorFields(errorsOf(built.rule), n, parsed.value)).toEqual({
      engagedSeconds: 'never true for pageview events',
    });
    // …and structural ones (the model checks those first).
    expect(ruleErrorFields(errorsOf({ ...built.rule, maxPoints: -3 }), n, parsed.value)).toEqual({
      maxPoints: 'expected a number > 0',
    });
    // Seen from another rule, they are about the model as a whole.
    expect(ruleErrorFields(errorsOf(built.rule), 0, parsed.value)).toEqual({
      [FORM_ERROR]: `rules[${n}].when.engagedSeconds: never true for pageview events`,
    });
    expect(ruleErrorFields(['bands[0].levels: expected at least two bands'], 0, parsed.value)).toEqual({
      [FORM_ERROR]: 'bands[0].levels: expected at least two bands',
    });
  });

  it('gives back any rule exactly, what it cannot show kept as written', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/);
    const anyText = fc.string({ maxLength: 12 });
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((x) => x + 0);
    const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { minLength: 1, maxLength: 3 }));
    const textMatch: fc.Arbitrary<TextMatch> = fc.oneof(
      oneOrMany(fc.oneof(word, anyText)),
      fc.record({ contains: oneOrMany(fc.oneof(word, anyText)) }),
      fc.record({ regex: fc.oneof(word, fc.constant('\\b(cto|ceo)\\b')) }),
      fc.record({ regex: word, flags: fc.constantFrom('i', 'im', '') }),
      fc.record({ exists: fc.boolean() }),
    );
    const valueMatch: fc.Arbitrary<ValueMatch> = fc.oneof(
      textMatch,
      fc.boolean(),
      fc.record({ gte: finite }),
      fc.record({ lte: finite }),
      fc.record({ gte: finite, lte: finite }),
    );
    const names = (m: fc.Arbitrary<ValueMatch>) =>
      fc.dictionary(
        fc.oneof(word, anyText).filter((k) => k !== '__proto__'),
        m,
        { maxKeys: 3 },
      );
    const when = fc.record(
      {
        topic: oneOrMany(fc.oneof(word, anyText)),
        url: oneOrMany(fc.constantFrom('/pricing*', '/a,b', 'https://x.example/*')),
        query: names(textMatch),
        engagedSeconds: fc.nat(600),
        scrollDepth: fc.nat(100),
        fileExt: oneOrMany(word),
        fileName: textMatch,
        href: textMatch,
        formIntent: oneOrMany(word),
        formId: textMatch,
        eventName: oneOrMany(word),
        props: names(valueMatch),
        traits: names(valueMatch),
        emailDomain: oneOrMany(fc.constantFrom(...DOMAIN_CATEGORIES)),
        company: textMatch,
        country: oneOrMany(fc.constantFrom('DE', 'us', 'FR')),
        campaign: textMatch,
        salesAction: oneOrMany(fc.constantFrom(...SALES_ACTIONS)),
        anyOf: fc.array(fc.record({ country: fc.constant('DE') }), { minLength: 1, maxLength: 2 }),
        // A condition this editor does not know yet (the engine may grow): kept as written.
        futureCondition: fc.record({ source: fc.constantFrom('api', 'form') }),
      },
      { requiredKeys: [] },
    );
    const rule: fc.Arbitrary<Rule> = fc.record(
      {
        id: word,
        description: fc.oneof(word, anyText),
        on: oneOrMany(fc.constantFrom(...RULE_EVENT_TYPES)),
        when,
        axis: fc.constantFrom('interest', 'intent', 'fit'),
        points: finite,
        frequency: fc.constantFrom(...FREQUENCIES),
        maxCount: fc.integer({ min: 1, max: 50 }),
        maxPoints: fc.double({ min: 0.5, max: 500, noNaN: true }),
        perTopic: fc.boolean(),
        decay: fc.oneof(
          fc.record({ halfLifeDays: fc.integer({ min: 1, max: 90 }) }),
          fc.record({ expiresAfterDays: fc.integer({ min: 1, max: 365 }) }),
          fc.record({
            halfLifeDays: fc.integer({ min: 1, max: 90 }),
            expiresAfterDays: fc.integer({ min: 1, max: 365 }),
          }),
        ),
        disqualify: fc.boolean(),
        inactivityDays: fc.integer({ min: 1, max: 120 }),
        resetBehaviour: fc.boolean(),
        futureSetting: fc.constantFrom('a', 'b'),
      },
      { requiredKeys: ['id', 'on', 'axis', 'points'] },
    ) as fc.Arbitrary<Rule>;
    fc.assert(
      fc.property(rule, (r) => {
        const back = throughForm(r);
        expect(back).toEqual({ ok: true, rule: r });
      }),
      { numRuns: 400 },
    );
  });

  it('tells rules apart by meaning, not by spelling', () => {
    const a: Rule = { id: 'a', on: 'pageview', when: { topic: 'x' }, axis: 'interest', points: 1 };
    expect(sameRule(a, { ...a, on: ['pageview'], when: { topic: ['x'] }, frequency: 'always' })).toBe(true);
    expect(sameRule(a, { ...a, points: 2 })).toBe(false);
    expect(sameRule(a, { ...a, when: { topic: 'x', url: '/y' } })).toBe(false);
  });
});
