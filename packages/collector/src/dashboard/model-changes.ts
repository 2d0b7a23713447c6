/**
 * What a draft changes against the active model, in words: the list the editor shows above the
 * draft and the publish confirmation repeats ("Rule pricing-page: points 15 → 30").
 */
import {
  canonicalJson,
  describeConditions,
  describeRule,
  type MqlCriterion,
  type Rule,
  type ScoringModel,
} from '../scoring';
import { points, signedPoints } from './format';
import { sameRule } from './rule-form';

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
/** A band set without what `levels()` below already words. */
const rest = ({ levels: _l, hysteresis: _h, disqualifiedMax: _d, ...other }: ScoringModel['bands'][number]) =>
  other;
const list = (x: string | readonly string[] | undefined) =>
  x === undefined ? [] : typeof x === 'string' ? [x] : [...x];

function criterion(c: MqlCriterion): string {
  return Object.entries(c)
    .map(([k, v]) => `${k} ≥ ${points(v ?? 0)}`)
    .join(' and ');
}

/** One rule's changes, field by field. */
function ruleDiff(a: Rule, b: Rule): string[] {
  const out: string[] = [];
  const show = (label: string, x: string, y: string) => {
    if (x !== y) out.push(`${label} ${x || 'none'} → ${y || 'none'}`);
  };
  show('points', signedPoints(a.points), signedPoints(b.points));
  show('axis', a.axis, b.axis);
  show('on', list(a.on).join(', '), list(b.on).join(', '));
  show('conditions', describeConditions(a.when), describeConditions(b.when));
  show('frequency', a.frequency ?? 'always', b.frequency ?? 'always');
  show('at most times', a.maxCount?.toString() ?? '', b.maxCount?.toString() ?? '');
  show('at most points', a.maxPoints?.toString() ?? '', b.maxPoints?.toString() ?? '');
  show('per topic', a.perTopic ? 'yes' : 'no', b.perTopic ? 'yes' : 'no');
  show('half-life (days)', a.decay?.halfLifeDays?.toString() ?? '', b.decay?.halfLifeDays?.toString() ?? '');
  show(
    'expires after (days)',
    a.decay?.expiresAfterDays?.toString() ?? '',
    b.decay?.expiresAfterDays?.toString() ?? '',
  );
  show('disqualifies', a.disqualify ? 'yes' : 'no', b.disqualify ? 'yes' : 'no');
  show('inactivity days', a.inactivityDays?.toString() ?? '', b.inactivityDays?.toString() ?? '');
  show('resets behaviour', a.resetBehaviour ? 'yes' : 'no', b.resetBehaviour ? 'yes' : 'no');
  if ((a.description ?? '') !== (b.description ?? '')) out.push('description changed');
  // Whatever else differs (a setting without a field) still counts, said plainly.
  if (out.length === 0) out.push('other settings changed');
  return out;
}

/** The changes from `before` to `after`, one line each; none when they say the same. */
export function modelChanges(before: ScoringModel, after: ScoringModel): string[] {
  const out: string[] = [];
  if ((before.name ?? '') !== (after.name ?? ''))
    out.push(`Name: "${before.name ?? ''}" → "${after.name ?? ''}"`);

  const was = new Map(before.rules.map((r) => [r.id, r]));
  const now = new Map(after.rules.map((r) => [r.id, r]));
  for (const rule of after.rules) {
    const old = was.get(rule.id);
    if (!old) out.push(`Rule ${rule.id} added: ${describeRule(rule)}`);
    else if (!sameRule(old, rule)) out.push(`Rule ${rule.id}: ${ruleDiff(old, rule).join('; ')}`);
  }
  for (const rule of before.rules) if (!now.has(rule.id)) out.push(`Rule ${rule.id} removed`);
  const keptBefore = before.rules.filter((r) => now.has(r.id)).map((r) => r.id);
  const keptAfter = after.rules.filter((r) => was.has(r.id)).map((r) => r.id);
  if (!same(keptBefore, keptAfter)) out.push('Rules reordered (rules apply in order)');

  const topicsWas = new Map((before.topics ?? []).map((t) => [t.topic, t.urls]));
  const topicsNow = new Map((after.topics ?? []).map((t) => [t.topic, t.urls]));
  for (const [topic, urls] of topicsNow) {
    const old = topicsWas.get(topic);
    if (!old) out.push(`Topic ${topic} added: ${urls.join(', ')}`);
    else if (!same(old, urls)) out.push(`Topic ${topic}: ${old.join(', ')} → ${urls.join(', ')}`);
  }
  for (const topic of topicsWas.keys()) if (!topicsNow.has(topic)) out.push(`Topic ${topic} removed`);

  const bands = (m: ScoringModel) => new Map(m.bands.map((b) => [b.on, b]));
  const [bandsWas, bandsNow] = [bands(before), bands(after)];
  const levels = (b: ScoringModel['bands'][number]) =>
    `${b.levels.map((l) => `${l.name} from ${points(l.min)}`).join(', ')}; hysteresis ${points(b.hysteresis ?? 3)}` +
    (b.disqualifiedMax ? `; disqualified at most ${b.disqualifiedMax}` : '');
  for (const [on, set] of bandsNow) {
    const old = bandsWas.get(on);
    if (!old) out.push(`Bands on ${on} added: ${levels(set)}`);
    else if (levels(old) !== levels(set)) out.push(`Bands on ${on}: ${levels(old)} → ${levels(set)}`);
    else if (!same(rest(old), rest(set))) out.push(`Bands on ${on}: other settings changed`);
  }
  for (const on of bandsWas.keys()) if (!bandsNow.has(on)) out.push(`Bands on ${on} removed`);
  if (before.bands[0]?.on !== after.bands[0]?.on) out.push(`Primary bands now on ${after.bands[0]?.on}`);

  const mql = (m: ScoringModel) => m.stages.mql.map(criterion).join(', or ');
  if (mql(before) !== mql(after)) out.push(`MQL when ${mql(before)} → ${mql(after)}`);
  if ((before.stages.requireKnown ?? true) !== (after.stages.requireKnown ?? true))
    out.push(
      after.stages.requireKnown === false
        ? 'Anonymous visitors can now become MQLs'
        : 'Only known leads become MQLs now',
    );
  if ((before.stages.recycleBelow ?? 26) !== (after.stages.recycleBelow ?? 26))
    out.push(
      `MQLs recycled below ${points(before.stages.recycleBelow ?? 26)} → ${points(after.stages.recycleBelow ?? 26)}`,
    );

  for (const key of ['competitors', 'freeMailDomains'] as const) {
    const [a, b] = [new Set(before[key] ?? []), new Set(after[key] ?? [])];
    const added = [...b].filter((d) => !a.has(d));
    const removed = [...a].filter((d) => !b.has(d));
    const what = key === 'competitors' ? 'Competitors' : 'Free-mail domains';
    if (added.length > 0) out.push(`${what} added: ${added.join(', ')}`);
    if (removed.length > 0) out.push(`${what} removed: ${removed.join(', ')}`);
  }
  if ((before.plusAddressing ?? 'keep') !== (after.plusAddressing ?? 'keep'))
    out.push(
      `Plus addresses (ada+news@…): ${after.plusAddressing === 'strip' ? 'now the same lead' : 'now separate leads'}`,
    );

  const known = new Set([
    'version',
    'name',
    'rules',
    'topics',
    'bands',
    'stages',
    'competitors',
    'freeMailDomains',
    'plusAddressing',
  ]);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (known.has(key)) continue;
    if (!same((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key]))
      out.push(`Setting ${key} changed`);
  }
  return out;
}

/** Whether two models say the same (their labels aside). */
export function sameModel(a: ScoringModel, b: ScoringModel): boolean {
  return canonicalJson({ ...a, version: '' }) === canonicalJson({ ...b, version: '' });
}
