export { parseFeed } from './parse.js';
export { FeedParseError } from './errors.js';
export { MAX_ITEMS_PER_FEED } from './xml-prepare.js';
export type { FeedItem, ParsedFeed } from './types.js';
