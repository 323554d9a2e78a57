/**
 * The validated, resolved configuration that the rest of newswatch sees.
 * Durations are milliseconds and sizes are bytes: the YAML's "5m" and "5MB"
 * are parsed once, in src/config, so no other module parses units.
 */

/** How often a feed is polled: a fixed period, or adapted to the feed's own pace. */
export type PollInterval = { kind: 'fixed'; ms: number } | { kind: 'auto' };

export interface DefaultsConfig {
  interval: PollInterval;
  /** With auto: the floor of a feed's polling period. */
  minIntervalMs: number;
  /** With auto: the ceiling, also the cap of failure backoff. */
  maxIntervalMs: number;
  /** On a feed's first poll, items older than this are marked seen, not alerted. */
  backfillMs: number;
}

export interface FetchConfig {
  timeoutMs: number;
  maxBytes: number;
  allowPrivateNetworks: boolean;
}

export interface FeedConfig {
  /** Stable id derived from the URL (so a renamed feed keeps its state). */
  id: string;
  url: string;
  name?: string;
  interval: PollInterval;
  /** Forces what the URL is read as; detected from the answer when absent. */
  type?: 'feed' | 'sitemap' | 'page';
  /** A listing page's story links, as a CSS selector for their `<a>` elements. */
  links?: string;
  /** Watchlist ids this feed is matched against; every watchlist when the YAML omits it. */
  watchlists: string[];
}

export interface EntityConfig {
  id: string;
  name: string;
  aliases: string[];
  /** Count only where a full name (name or alias) of the same entity is also in the article. */
  shortNames: string[];
  /** A match inside one of these phrases does not count. */
  exclude: string[];
  role?: string;
  /** Replaces the watchlist's `when` keys that it gives. */
  when?: MentionRule;
  /** Wikidata item id ("Q…"), carried into each alert's match. */
  wikidata?: string;
}

export interface WatchlistConfig {
  id: string;
  entities: EntityConfig[];
  /** Webhook ids. */
  notify: string[];
  /** Which mentions alert; absent: every mention. */
  when?: WatchlistRule;
}

/** any: anywhere; lead: in the title or the first three paragraphs; title: in the title. */
export type ProminenceRule = 'any' | 'lead' | 'title';

/** The `when` keys one entity may override. */
export interface MentionRule {
  prominence?: ProminenceRule;
  minMentions?: number;
  /** Words or phrases, matched like names; at least one must be in the article. */
  context?: string[];
  /** A context word in the same sentence as a mention, or within this many words. */
  near?: 'sentence' | number;
}

export interface WatchlistRule extends MentionRule {
  /** At least this many of the watchlist's people in the article. */
  together?: number;
  /** ISO 639-1 codes, lower case. */
  languages?: string[];
}

/** Bounds of the stored history (alerts and recent articles' text). */
export interface HistoryConfig {
  maxAgeMs: number;
  maxBytes: number;
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  attempts: number;
  /** First retry delay. */
  initialDelayMs: number;
  /** Cap of a single delay. */
  maxDelayMs: number;
}

export type WebhookFormat = 'standard' | 'slack' | 'discord' | 'teams' | 'telegram' | 'ntfy' | 'email';

/** How a target's alerts are gathered: UTC clock windows of a fixed length, or one window a day ending at a local time. */
export type DigestSchedule = { kind: 'every'; ms: number } | { kind: 'daily'; hour: number; minute: number; zone: string };

export interface WebhookConfig {
  id: string;
  /** http(s) for the web formats, smtp(s)://user:pass@host for email. Secret as a whole: it often carries a token. */
  url: string;
  /** Standard Webhooks secret, whsec_<base64>. Never logged. */
  secret?: string;
  format: WebhookFormat;
  timeoutMs: number;
  retry: RetryPolicy;
  /** telegram: the chat to post to. */
  chatId?: string;
  /** ntfy: access token (Bearer). Never logged. */
  token?: string;
  /** email: sender and recipients. */
  from?: string;
  to?: string[];
  /** Present: alerts are gathered and sent once per window. */
  digest?: DigestSchedule;
  /** This target may be on a private or loopback address (feeds are not affected). Absent: false. */
  allowPrivateNetwork?: boolean;
}

export interface NewswatchConfig {
  defaults: DefaultsConfig;
  fetch: FetchConfig;
  feeds: FeedConfig[];
  watchlists: WatchlistConfig[];
  webhooks: WebhookConfig[];
  /** Always set by resolveConfig; optional so hand-built configs (tests) need not spell it. */
  history?: HistoryConfig;
}

/** One config mistake, located in its file. Lines and columns are 1-based. */
export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  message: string;
}
