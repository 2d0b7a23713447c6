import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from './default-model';
import { parseModel } from './model-schema';

const clone = <T>(x: T): T => structuredClone(x);

function errorsOf(mutate: (m: Record<string, unknown> & typeof DEFAULT_MODEL) => void): string[] {
  const model = clone(DEFAULT_MODEL) as Record<string, unknown> & typeof DEFAULT_MODEL;
  mutate(model);
  const result = parseModel(model);
  if (result.ok) throw new Error('expected the model to be refused');
  return result.errors;
}

describe('parseModel', () => {
  it('accepts the default model unchanged', () => {
    const result = parseModel(clone(DEFAULT_MODEL));
    expect(result).toEqual({ ok: true, model: DEFAULT_MODEL });
  });

  it('names the path of a wrong type', () => {
    expect(
      errorsOf((m) => {
        (m.rules[3] as unknown as Record<string, unknown>).points = 'five';
      }),
    ).toEqual(['rules[3].points: expected a number']);
  });

  it('reports every error at once, never half of them', () => {
    const errors = errorsOf((m) => {
      (m.rules[0] as unknown as Record<string, unknown>).axis = 'mood';
      (m.rules[1] as unknown as Record<string, unknown>).frequency = 'hourly';
      (m.rules[2] as unknown as Record<string, unknown>).colour = 'red';
      delete (m as Partial<typeof m>).version;
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        'rules[0].axis: expected one of "interest", "intent", "fit"',
        'rules[1].frequency: expected one of "always", "once", "once_per_session", "once_per_day"',
        'rules[2].colour: unknown key',
        'version: required',
      ]),
    );
    expect(errors).toHaveLength(4);
  });

  it('refuses non-object input with a clear message', () => {
    expect(parseModel(null)).toEqual({ ok: false, errors: ['(model): expected an object'] });
    expect(parseModel('{}')).toEqual({ ok: false, errors: ['(model): expected an object'] });
  });

  it('names paths inside conditions', () => {
    const errors = errorsOf((m) => {
      m.rules[2] = {
        ...m.rules[2],
        when: { ...m.rules[2]?.when, scrollDepth: 140 },
      } as (typeof m.rules)[number];
    });
    expect(errors).toEqual(['rules[2].when.scrollDepth: expected a number ≤ 100']);
  });

  it('checks that regular expressions compile, naming odd keys in quotes', () => {
    const errors = errorsOf((m) => {
      m.rules[0] = {
        ...m.rules[0],
        when: { query: { 'utm medium': { regex: '(' } } },
      } as (typeof m.rules)[number];
    });
    expect(errors).toEqual([
      'rules[0].when.query["utm medium"].regex: Invalid regular expression: /(/i: Unterminated group',
    ]);
  });

  it('checks cross-field rules', () => {
    const errors = errorsOf((m) => {
      m.rules[1] = { ...m.rules[1], id: m.rules[0]?.id } as (typeof m.rules)[number];
      m.rules.push({ id: 'fit-decay', on: 'identify', axis: 'fit', points: 5, decay: { halfLifeDays: 30 } });
      m.rules.push({ id: 'quiet', on: 'inactivity', axis: 'interest', points: -5 });
      m.rules.push({ id: 'wrong', on: 'pageview', axis: 'intent', points: 1, when: { formIntent: 'demo' } });
      m.bands[0]?.levels.reverse();
      if (m.bands[0]) m.bands[0].disqualifiedMax = 'lukewarm';
    });
    const n = DEFAULT_MODEL.rules.length;
    expect(errors).toEqual([
      `rules[1].id: duplicate id "topic-page-view" (also rules[0])`,
      `rules[${n}].decay: fit points do not decay`,
      `rules[${n + 1}].inactivityDays: required for inactivity rules`,
      `rules[${n + 2}].when.formIntent: never true for pageview events`,
      'bands[0].levels[1].min: expected more than 51',
      'bands[0].levels[2].min: expected more than 26',
      'bands[0].disqualifiedMax: no band named "lukewarm"',
    ]);
  });

  it('needs at least one band set and one MQL criterion', () => {
    const errors = errorsOf((m) => {
      m.bands = [];
      m.stages.mql = [{}];
    });
    expect(errors).toEqual([
      'bands: expected at least one band set',
      'stages.mql[0]: expected at least one minimum',
    ]);
  });
});
