/** Loading and validating newswatch's YAML config (see SPEC.md, "Configuration"). */
export { parseConfigText, type ParseResult } from './parse.js';
export { loadConfigFile, ConfigError } from './load.js';
export { formatIssues } from './issues.js';
export { summarizeConfig } from './summary.js';
export { feedIdFromUrl } from './feed-id.js';
export { defaultFetchConfig } from './resolve.js';
export { parseDuration, parseByteSize, formatDuration, formatBytes } from './durations.js';
export { configJsonSchema } from './json-schema.js';
export type * from './types.js';
