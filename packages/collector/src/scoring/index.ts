/** The pure scoring engine: no bindings, no clock. See README.md in this folder. */

export { type CompiledModel, compileModel } from './compile';
export { DEFAULT_MODEL } from './default-model';
export { describeConditions, describeRule, lineReason } from './describe';
export { diff, type PreviewPair, type PreviewSummary, previewDiff } from './diff';
export { compileDomainCategorizer, emailDomain } from './email-domain';
export { ensureCompiled, replay, scoreLead } from './engine';
export type * from './events';
export { canonicalJson, modelHash } from './hash';
export {
  type ApplyOutcome,
  applyEvent,
  compareEvents,
  createLeadState,
  finalize,
  IDENTITY_WINDOW_MS,
  type LeadState,
  pageTopics,
  viewedTopics,
} from './incremental';
export type * from './model';
export { assertModel, type ParseResult, parseModel } from './model-schema';
export type * from './result';
export { STAGES } from './result';
export { nextChangeAt } from './timeline';
