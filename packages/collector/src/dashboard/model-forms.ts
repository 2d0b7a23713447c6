/**
 * The model editor's other forms, beside the rules (rule-form.ts): topics from URLs, bands, stage
 * criteria, and the general settings with the competitor list. Each has a form-layer schema, a
 * function that fills its fields from the model and one that writes its part back into a copy of
 * the model; whatever the form does not show (a setting the engine gains later) is carried over
 * as it was, and a part that says the same as before keeps its exact spelling.
 */
import * as v from 'valibot';
import {
  type BandSet,
  canonicalJson,
  type MqlCriterion,
  type ScoreTarget,
  type ScoringModel,
  type StageConfig,
  type TopicMapping,
} from '../scoring';
import { AXES } from '../scoring/model';
import {
  checkbox,
  choice,
  type FieldErrors,
  type FieldValues,
  FORM_ERROR,
  list,
  optionalNumber,
  optionalText,
  rows,
} from './form';

export type ModelPart = { ok: true; model: ScoringModel } | { ok: false; errors: FieldErrors };

/** Empty rows under the filled ones: room to add without a script. */
const BLANK = 2;

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/**
 * Puts the model validation's messages next to a form's fields: `toField` maps a model path
 * (`topics[2].topic`) to a field name, or undefined when no field of this form holds it.
 */
export function partErrorFields(
  errors: readonly string[],
  toField: (path: string) => string | undefined,
): FieldErrors {
  const out: FieldErrors = {};
  for (const error of errors) {
    const at = error.indexOf(': ');
    const path = at >= 0 ? error.slice(0, at) : '';
    const field = toField(path);
    const text = field ? error.slice(at + 2) : error;
    const key = field ?? FORM_ERROR;
    out[key] = out[key] ? `${out[key]}; ${text}` : text;
  }
  return out;
}

// --- Topics from URLs ---------------------------------------------------------------------------

export const TopicsFormSchema = v.object({
  topics: rows(
    v.object({
      topic: optionalText(64),
      urls: list({ max: 50, itemMax: 300, lines: true }),
    }),
  ),
});
export type TopicsForm = v.InferOutput<typeof TopicsFormSchema>;

export function topicsFields(model: ScoringModel): FieldValues {
  const values: FieldValues = {};
  const topics = model.topics ?? [];
  topics.forEach((t, i) => {
    values[`topics.${i}.topic`] = t.topic;
    values[`topics.${i}.urls`] = t.urls.join('\n');
  });
  for (let i = topics.length; i < topics.length + BLANK; i++) {
    values[`topics.${i}.topic`] = '';
    values[`topics.${i}.urls`] = '';
  }
  return values;
}

/** The model with the form's topics; `rowOf[k]` is the form row of the model's `topics[k]`. */
export function withTopics(model: ScoringModel, form: TopicsForm): ModelPart & { rowOf?: number[] } {
  const errors: FieldErrors = {};
  const topics: TopicMapping[] = [];
  const rowOf: number[] = [];
  form.topics.forEach((row, i) => {
    if (!row || (!row.topic && row.urls.length === 0)) return;
    if (!row.topic) errors[`topics.${i}.topic`] = 'Name the topic these URLs give';
    else if (row.urls.length === 0) errors[`topics.${i}.urls`] = 'Enter at least one URL pattern';
    else {
      const before = model.topics?.[i];
      topics.push({ ...(before ?? {}), topic: row.topic, urls: row.urls });
      rowOf.push(i);
    }
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const next = { ...model };
  if (topics.length > 0 || model.topics !== undefined) next.topics = topics;
  if (same(next.topics ?? [], model.topics ?? [])) return { ok: true, model, rowOf };
  return { ok: true, model: next, rowOf };
}

export function topicsErrorField(path: string, rowOf: readonly number[]): string | undefined {
  const m = /^topics\[(\d+)\]\.(topic|urls)/.exec(path);
  const row = m ? rowOf[Number(m[1])] : undefined;
  return m && row !== undefined ? `topics.${row}.${m[2]}` : undefined;
}

// --- Bands ----------------------------------------------------------------------------------------

const TARGETS = ['', 'total', ...AXES] as const;

export const BandsFormSchema = v.object({
  bands: rows(
    v.object({
      on: choice(TARGETS, 'Choose what the bands classify'),
      levels: rows(v.object({ name: optionalText(32), min: optionalNumber() })),
      hysteresis: optionalNumber({ min: 0 }),
      disqualifiedMax: optionalText(32),
      remove: checkbox(),
    }),
  ),
});
export type BandsForm = v.InferOutput<typeof BandsFormSchema>;

export function bandsFields(model: ScoringModel): FieldValues {
  const values: FieldValues = {};
  const sets = model.bands;
  const blankLevels = (n: number, from: number) => {
    for (let j = from; j < from + 1; j++) {
      values[`bands.${n}.levels.${j}.name`] = '';
      values[`bands.${n}.levels.${j}.min`] = '';
    }
  };
  sets.forEach((set, n) => {
    values[`bands.${n}.on`] = set.on;
    set.levels.forEach((level, j) => {
      values[`bands.${n}.levels.${j}.name`] = level.name;
      values[`bands.${n}.levels.${j}.min`] = String(level.min);
    });
    blankLevels(n, set.levels.length);
    if (set.hysteresis !== undefined) values[`bands.${n}.hysteresis`] = String(set.hysteresis);
    if (set.disqualifiedMax !== undefined) values[`bands.${n}.disqualifiedMax`] = set.disqualifiedMax;
  });
  // One more, empty band set: choosing what it classifies and naming its levels adds it.
  values[`bands.${sets.length}.on`] = '';
  for (let j = 0; j < 3; j++) {
    values[`bands.${sets.length}.levels.${j}.name`] = '';
    values[`bands.${sets.length}.levels.${j}.min`] = '';
  }
  return values;
}

/** Where each model band set and level came from in the form. */
export type BandRows = { set: number; levels: number[] }[];

export function withBands(model: ScoringModel, form: BandsForm): ModelPart & { rowsOf?: BandRows } {
  const errors: FieldErrors = {};
  const sets: BandSet[] = [];
  const rowsOf: BandRows = [];
  form.bands.forEach((row, n) => {
    if (!row || row.remove) return;
    const filled = row.levels
      .map((l, j) => ({ l, j }))
      .filter(({ l }) => l && (l.name !== undefined || l.min !== undefined));
    if (row.on === '') {
      if (filled.length > 0) errors[`bands.${n}.on`] = 'Choose what these bands classify';
      return;
    }
    for (const { l, j } of filled) {
      if (!l?.name) errors[`bands.${n}.levels.${j}.name`] = 'Name the band';
      if (l?.min === undefined) errors[`bands.${n}.levels.${j}.min`] = 'Enter the score the band starts at';
    }
    const before = model.bands[n];
    const set: BandSet = {
      ...(before ?? {}),
      on: row.on as ScoreTarget,
      levels: filled.map(({ l }) => ({ name: l?.name ?? '', min: l?.min ?? 0 })),
    };
    delete set.hysteresis;
    delete set.disqualifiedMax;
    if (row.hysteresis !== undefined) set.hysteresis = row.hysteresis;
    if (row.disqualifiedMax !== undefined) set.disqualifiedMax = row.disqualifiedMax;
    sets.push(before && same(normalBand(before), normalBand(set)) ? before : set);
    rowsOf.push({ set: n, levels: filled.map(({ j }) => j) });
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (same(sets, model.bands)) return { ok: true, model, rowsOf };
  return { ok: true, model: { ...model, bands: sets }, rowsOf };
}

/** A band set as it counts: the default hysteresis (3) is the same as none given. */
function normalBand(set: BandSet): unknown {
  const { hysteresis, ...rest } = set;
  return { ...rest, hysteresis: hysteresis ?? 3 };
}

export function bandsErrorField(path: string, rowsOf: BandRows): string | undefined {
  const m = /^bands\[(\d+)\](?:\.(on|hysteresis|disqualifiedMax)|\.levels(?:\[(\d+)\]\.(name|min))?)?/.exec(
    path,
  );
  if (!m) return undefined;
  const rows = rowsOf[Number(m[1])];
  if (!rows) return undefined;
  if (m[2]) return `bands.${rows.set}.${m[2]}`;
  if (m[3] !== undefined) {
    const j = rows.levels[Number(m[3])];
    return j === undefined ? undefined : `bands.${rows.set}.levels.${j}.${m[4]}`;
  }
  return `bands.${rows.set}.levels.0.name`;
}

// --- Stages ---------------------------------------------------------------------------------------

const CRITERION_KEYS = ['total', 'interest', 'intent', 'fit'] as const;

export const StagesFormSchema = v.object({
  mql: rows(
    v.object({
      total: optionalNumber(),
      interest: optionalNumber(),
      intent: optionalNumber(),
      fit: optionalNumber(),
    }),
  ),
  requireKnown: checkbox(),
  recycleBelow: optionalNumber(),
});
export type StagesForm = v.InferOutput<typeof StagesFormSchema>;

export function stagesFields(model: ScoringModel): FieldValues {
  const values: FieldValues = {};
  const mql = model.stages.mql;
  mql.forEach((c, i) => {
    for (const key of CRITERION_KEYS) values[`mql.${i}.${key}`] = c[key] === undefined ? '' : String(c[key]);
  });
  for (let i = mql.length; i < mql.length + 1; i++)
    for (const key of CRITERION_KEYS) values[`mql.${i}.${key}`] = '';
  if (model.stages.requireKnown !== false) values.requireKnown = 'on';
  if (model.stages.recycleBelow !== undefined) values.recycleBelow = String(model.stages.recycleBelow);
  return values;
}

export function withStages(model: ScoringModel, form: StagesForm): ModelPart & { rowOf?: number[] } {
  const mql: MqlCriterion[] = [];
  const rowOf: number[] = [];
  form.mql.forEach((row, i) => {
    if (!row) return;
    const c: MqlCriterion = {};
    for (const key of CRITERION_KEYS) if (row[key] !== undefined) c[key] = row[key];
    if (Object.keys(c).length === 0) return;
    mql.push(c);
    rowOf.push(i);
  });
  const stages: StageConfig = { ...model.stages, mql };
  delete stages.requireKnown;
  delete stages.recycleBelow;
  // Leaving a default out and writing it down say the same: the former spelling stays.
  if (!form.requireKnown) stages.requireKnown = false;
  else if (model.stages.requireKnown === true) stages.requireKnown = true;
  if (form.recycleBelow !== undefined) {
    if (!(form.recycleBelow === 26 && model.stages.recycleBelow === undefined))
      stages.recycleBelow = form.recycleBelow;
  }
  if (same(stages, model.stages)) return { ok: true, model, rowOf };
  return { ok: true, model: { ...model, stages }, rowOf };
}

export function stagesErrorField(path: string, rowOf: readonly number[]): string | undefined {
  const m = /^stages\.mql(?:\[(\d+)\])?/.exec(path);
  if (m) {
    const row = m[1] === undefined ? 0 : rowOf[Number(m[1])];
    return row === undefined ? undefined : `mql.${row}.total`;
  }
  if (path.startsWith('stages.recycleBelow')) return 'recycleBelow';
  if (path.startsWith('stages.requireKnown')) return 'requireKnown';
  return undefined;
}

// --- General: name, competitors, free-mail domains, plus addressing -------------------------------

const DOMAIN = { pattern: /^(?:[a-z0-9-]+\.)+[a-z0-9-]{2,}$/, message: 'Not a domain name' };

export const GeneralFormSchema = v.object({
  name: optionalText(200),
  competitors: list({ max: 500, itemMax: 253, lowerCase: true, item: DOMAIN }),
  freeMailDomains: list({ max: 500, itemMax: 253, lowerCase: true, item: DOMAIN }),
  plusAddressing: choice(['keep', 'strip'] as const),
});
export type GeneralForm = v.InferOutput<typeof GeneralFormSchema>;

export function generalFields(model: ScoringModel): FieldValues {
  return {
    name: model.name ?? '',
    competitors: (model.competitors ?? []).join('\n'),
    freeMailDomains: (model.freeMailDomains ?? []).join('\n'),
    plusAddressing: model.plusAddressing ?? 'keep',
  };
}

export function withGeneral(model: ScoringModel, form: GeneralForm): ModelPart {
  const next: ScoringModel = { ...model };
  const setList = (key: 'competitors' | 'freeMailDomains', items: string[]) => {
    const before = model[key];
    if (items.length === 0 && (before === undefined || before.length === 0)) return;
    next[key] = before && same([...before].sort(), [...items].sort()) ? before : items;
  };
  delete next.name;
  if (form.name !== undefined) next.name = form.name;
  else if (model.name === '') next.name = '';
  setList('competitors', form.competitors);
  setList('freeMailDomains', form.freeMailDomains);
  delete next.plusAddressing;
  if (form.plusAddressing === 'strip' || model.plusAddressing === 'keep')
    next.plusAddressing = form.plusAddressing;
  return { ok: true, model: same(next, model) ? model : next };
}

export function generalErrorField(path: string): string | undefined {
  const m = /^(name|competitors|freeMailDomains|plusAddressing)\b/.exec(path);
  return m ? m[1] : undefined;
}
