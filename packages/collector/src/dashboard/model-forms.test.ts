import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, parseModel, type ScoringModel } from '../scoring';
import { PROPERTY_MODEL } from '../scoring/arbitraries';
import { type FieldValues, FORM_ERROR, validateFields } from './form';
import {
  BandsFormSchema,
  bandsErrorField,
  bandsFields,
  GeneralFormSchema,
  generalFields,
  partErrorFields,
  StagesFormSchema,
  stagesFields,
  TopicsFormSchema,
  topicsErrorField,
  topicsFields,
  withBands,
  withGeneral,
  withStages,
  withTopics,
} from './model-forms';

const FORMS = {
  topics: [TopicsFormSchema, topicsFields, withTopics],
  bands: [BandsFormSchema, bandsFields, withBands],
  stages: [StagesFormSchema, stagesFields, withStages],
  general: [GeneralFormSchema, generalFields, withGeneral],
} as const;

/** Fills a form from the model, lets `edit` change it, and writes it back. */
function through(kind: keyof typeof FORMS, model: ScoringModel, edit: (f: FieldValues) => void = () => {}) {
  const [schema, fields, write] = FORMS[kind];
  const values = fields(model);
  edit(values);
  const parsed = validateFields(schema, values);
  if (!parsed.ok) return { ok: false as const, errors: parsed.errors };
  return (write as (m: ScoringModel, f: unknown) => ReturnType<typeof withTopics>)(model, parsed.value);
}

describe("the model editor's other forms", () => {
  it('change nothing when nothing is changed', () => {
    for (const model of [
      DEFAULT_MODEL,
      PROPERTY_MODEL,
      { ...DEFAULT_MODEL, topics: undefined, competitors: undefined },
    ]) {
      for (const kind of Object.keys(FORMS) as (keyof typeof FORMS)[]) {
        const back = through(kind, model);
        expect(back.ok, kind).toBe(true);
        if (back.ok) expect(back.model, kind).toBe(model);
      }
    }
  });

  it('add a topic, move a band and list a competitor', () => {
    const topics = through('topics', DEFAULT_MODEL, (f) => {
      f['topics.4.topic'] = 'docs';
      f['topics.4.urls'] = '/docs*\n/help/*';
    });
    expect(topics.ok && topics.model.topics?.at(-1)).toEqual({ topic: 'docs', urls: ['/docs*', '/help/*'] });

    const bands = through('bands', DEFAULT_MODEL, (f) => {
      f['bands.0.levels.2.min'] = '60';
      f['bands.0.levels.3.name'] = 'on-fire';
      f['bands.0.levels.3.min'] = '90';
    });
    expect(bands.ok && bands.model.bands[0]?.levels).toEqual([
      { name: 'cold', min: 0 },
      { name: 'warm', min: 26 },
      { name: 'hot', min: 60 },
      { name: 'on-fire', min: 90 },
    ]);

    const general = through('general', DEFAULT_MODEL, (f) => {
      f.competitors = 'Rival.example\nother.example, rival.example';
    });
    expect(general.ok && general.model.competitors).toEqual(['rival.example', 'other.example']);

    const stages = through('stages', DEFAULT_MODEL, (f) => {
      f['mql.2.intent'] = '60';
      f.requireKnown = '';
    });
    expect(stages.ok && stages.model.stages).toEqual({
      mql: [{ total: 51 }, { intent: 40, fit: 10 }, { intent: 60 }],
      requireKnown: false,
      recycleBelow: 26,
    });
  });

  it('name the field of every mistake, the model validation included', () => {
    const topics = through('topics', DEFAULT_MODEL, (f) => {
      f['topics.4.urls'] = '/docs*';
      f['topics.5.topic'] = 'help';
    });
    expect(topics.ok || topics.errors).toEqual({
      'topics.4.topic': 'Name the topic these URLs give',
      'topics.5.urls': 'Enter at least one URL pattern',
    });
    const upper = through('topics', DEFAULT_MODEL, (f) => {
      f['topics.1.topic'] = 'Product';
    });
    if (!upper.ok) throw new Error('expected a model');
    const checked = parseModel(upper.model);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(partErrorFields(checked.errors, (p) => topicsErrorField(p, upper.rowOf ?? []))).toEqual({
      'topics.1.topic': 'expected lower case',
    });

    const bands = through('bands', DEFAULT_MODEL, (f) => {
      f['bands.0.levels.1.min'] = '0';
    });
    if (!bands.ok) throw new Error('expected a model');
    const bandCheck = parseModel(bands.model);
    expect(
      bandCheck.ok ||
        partErrorFields(bandCheck.errors, (p) =>
          bandsErrorField(p, (bands as ReturnType<typeof withBands>).rowsOf ?? []),
        ),
    ).toEqual({
      'bands.0.levels.1.min': 'expected more than 0',
    });
    const general = through('general', DEFAULT_MODEL, (f) => {
      f.competitors = 'not a domain';
    });
    expect(general.ok || general.errors).toEqual({ competitors: 'Not a domain name: "not a domain"' });
    expect(partErrorFields(['rules: expected a list'], () => undefined)).toEqual({
      [FORM_ERROR]: 'rules: expected a list',
    });
  });
});
