import type { RedisClient } from '../redis/connect.js';
import type { Logger } from './log.js';
import type { NewswatchConfig, FeedConfig, WatchlistConfig, WebhookConfig } from '../../src/config/types.js';
import type { Matcher } from '../../src/match/index.js';
import { compileMatcher } from '../../src/match/index.js';
import { compileRelevance, type Relevance } from '../../src/relevance/index.js';
import type { Queues } from './queues.js';

/**
 * What every processor needs, behind one object so a config reload swaps the
 * config and matcher in one assignment while jobs keep running.
 */
export class Runtime {
  private current: {
    config: NewswatchConfig;
    matcher: Matcher;
    relevance: Relevance;
    feeds: Map<string, FeedConfig>;
    watchlists: Map<string, WatchlistConfig>;
    webhooks: Map<string, WebhookConfig>;
  };

  constructor(
    config: NewswatchConfig,
    readonly redis: RedisClient,
    readonly queues: Queues,
    readonly log: Logger,
  ) {
    this.current = Runtime.compile(config);
  }

  private static compile(config: NewswatchConfig) {
    return {
      config,
      matcher: compileMatcher(config.watchlists),
      relevance: compileRelevance(config.watchlists),
      feeds: new Map(config.feeds.map((f) => [f.id, f])),
      watchlists: new Map(config.watchlists.map((w) => [w.id, w])),
      webhooks: new Map(config.webhooks.map((w) => [w.id, w])),
    };
  }

  get config(): NewswatchConfig {
    return this.current.config;
  }

  get matcher(): Matcher {
    return this.current.matcher;
  }

  get relevance(): Relevance {
    return this.current.relevance;
  }

  feed(id: string): FeedConfig | undefined {
    return this.current.feeds.get(id);
  }

  watchlist(id: string): WatchlistConfig | undefined {
    return this.current.watchlists.get(id);
  }

  webhook(id: string): WebhookConfig | undefined {
    return this.current.webhooks.get(id);
  }

  /** Compiles first, then swaps: a config whose matcher fails to build never replaces a working one. */
  replaceConfig(config: NewswatchConfig): void {
    this.current = Runtime.compile(config);
  }
}
