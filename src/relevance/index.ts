export { compileRelevance, alertingMatches, effectiveRule, type Relevance, type EffectiveRule } from './rules.js';
export { describeRule } from './describe.js';
export { detectLanguage, primaryLanguage } from './language.js';
export { leadEnd, prominenceOf } from './prominence.js';
export type { ConditionResult, JudgedWatchlist, PersonVerdict, Prominence, RelevantMatch, RuleInput, RuleReport } from './types.js';
