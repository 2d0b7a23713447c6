import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  checkbox,
  choice,
  choices,
  FORM_ERROR,
  list,
  nestFields,
  number,
  optionalJsonObject,
  optionalNumber,
  optionalText,
  rows,
  text,
  validateFields,
} from './form';

describe('the form layer', () => {
  it('nests dotted names, with digits as row indexes', () => {
    expect(
      nestFields({ name: 'a', 'traits.0.name': 'title', 'traits.1.value': 'cto', 'mql.0.total': '51' }),
    ).toEqual({
      name: 'a',
      traits: [{ name: 'title' }, { value: 'cto' }],
      mql: [{ total: '51' }],
    });
    // A name that clashes with another's nesting, a prototype key or a huge index is no field.
    const nested = nestFields({
      a: 'x',
      'a.b': 'y',
      '__proto__.polluted': 'yes',
      'constructor.prototype.polluted': 'yes',
      'r.99999': 'z',
      'r.x': 'z',
      'list.0': 'first',
    });
    expect(nested).toEqual({ a: 'x', r: { x: 'z' }, list: ['first'] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const Schema = v.object({
    id: text({ max: 8, requiredMessage: 'Enter an id' }),
    note: optionalText(5),
    points: number({ min: -100, max: 100 }),
    cap: optionalNumber({ min: 1, integer: true }),
    topics: list({ max: 3, lowerCase: true }),
    axis: choice(['interest', 'intent'] as const),
    on: choices(['pageview', 'form'] as const, { min: 1, minMessage: 'Choose an event type' }),
    perTopic: checkbox(),
    traits: rows(v.object({ name: optionalText(20), value: optionalText(20) })),
    advanced: optionalJsonObject(100),
  });

  it('gives typed values for a good form', () => {
    const result = validateFields(Schema, {
      id: ' pricing ',
      note: '',
      points: '-7.5',
      cap: '',
      topics: 'Pricing, plans\nPRICING,  ',
      axis: 'intent',
      on: ['form', 'pageview'],
      perTopic: 'on',
      'traits.0.name': 'title',
      'traits.0.value': 'CTO',
      advanced: '{"when":{"anyOf":[{"country":"DE"}]}}',
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        id: 'pricing',
        note: undefined,
        points: -7.5,
        cap: undefined,
        topics: ['pricing', 'plans'],
        axis: 'intent',
        on: ['pageview', 'form'],
        perTopic: true,
        traits: [{ name: 'title', value: 'CTO' }],
        advanced: { when: { anyOf: [{ country: 'DE' }] } },
      },
    });
  });

  it('names every bad field with a message for people, once per field', () => {
    const result = validateFields(Schema, {
      id: '',
      note: 'too long',
      points: '12 points',
      cap: '2.5',
      topics: 'a,b,c,d',
      axis: 'fit',
      'traits.0.value': 'x'.repeat(21),
      advanced: '[1]',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      id: 'Enter an id',
      note: 'Enter at most 5 characters',
      points: 'Enter a number',
      cap: 'Enter a whole number',
      topics: 'Enter at most 3 entries',
      axis: 'Choose one of the options',
      on: 'Choose an event type',
      'traits.0.value': 'Enter at most 20 characters',
      advanced: 'Expected a JSON object ({ … })',
    });
    // What was typed comes back to be shown again.
    expect(result.values.note).toBe('too long');
  });

  it('refuses repeated single fields and unknown choices, and reports form-wide checks apart', () => {
    const result = validateFields(Schema, {
      id: ['a', 'b'],
      points: '1',
      axis: 'interest',
      on: ['pageview', 'click'],
    });
    expect(result.ok || result.errors).toEqual({
      id: 'Expected one value',
      on: '"click" is not one of the options',
    });
    const Whole = v.pipe(
      v.object({ from: number(), to: number() }),
      v.check((r) => r.from < r.to, 'From must be below to'),
    );
    const whole = validateFields(Whole, { from: '5', to: '1' });
    expect(whole.ok || whole.errors).toEqual({ [FORM_ERROR]: 'From must be below to' });
  });

  it('checks the entries of a list', () => {
    const Domains = v.object({
      domains: list({ max: 10, item: { pattern: /^[a-z0-9.-]+\.[a-z]{2,}$/, message: 'Not a domain' } }),
    });
    expect(validateFields(Domains, { domains: 'rival.example\nother.example' })).toMatchObject({
      ok: true,
      value: { domains: ['rival.example', 'other.example'] },
    });
    const bad = validateFields(Domains, { domains: 'rival.example, not a domain' });
    expect(bad.ok || bad.errors).toEqual({ domains: 'Not a domain: "not a domain"' });
  });
});
