export { compileMatcher, type Matcher } from './matcher.js';
export { normalizeForMatch, type NormalizedText } from './normalize.js';
export type { EntityMatch, MatchInput, WatchlistMatch } from './types.js';
