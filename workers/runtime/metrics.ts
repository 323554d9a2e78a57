import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry for the process; the server's /metrics renders it. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'newswatch_process_' });

function feedGauge(name: string, help: string) {
  return new Gauge({ name, help, labelNames: ['feed', 'url'] as const, registers: [registry] });
}

export const metrics = {
  feedPolls: new Counter({
    name: 'newswatch_feed_polls_total',
    help: 'Feed polls by outcome (changed, not_modified, error, skipped)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  sourcePolls: new Counter({
    name: 'newswatch_source_polls_total',
    help: 'Source polls by kind (rss, atom, json, sitemap, page; unknown before a first good poll) and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  }),
  sourceItemsNew: new Counter({
    name: 'newswatch_source_items_new_total',
    help: 'Items seen for the first time and sent to the article stage, by source kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  itemsNew: new Counter({
    name: 'newswatch_items_new_total',
    help: 'Feed items seen for the first time and sent to the article stage',
    registers: [registry],
  }),
  articlesFetched: new Counter({
    name: 'newswatch_articles_fetched_total',
    help: 'Article fetches by outcome (ok, not_html, http_error, error)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  extractionSource: new Counter({
    name: 'newswatch_extraction_source_total',
    help: 'Where the article text came from (json-ld, article-markup, scored, feed, none)',
    labelNames: ['source'] as const,
    registers: [registry],
  }),
  matches: new Counter({
    name: 'newswatch_matches_total',
    help: 'Entity matches by watchlist and entity',
    labelNames: ['watchlist', 'entity'] as const,
    registers: [registry],
  }),
  alerts: new Counter({
    name: 'newswatch_alerts_total',
    help: 'Alert deliveries by outcome (delivered, retried, dead_lettered, duplicate)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  historyBytes: new Gauge({
    name: 'newswatch_history_bytes',
    help: 'Bytes the history of recent articles and alerts holds in Redis (bounded by history.maxBytes)',
    registers: [registry],
  }),
  queueDepth: new Gauge({
    name: 'newswatch_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
  }),
  // Each feed's schedule (issue: "the schedule of each feed is visible"): one series per feed.
  feedInterval: feedGauge('newswatch_feed_poll_interval_seconds', 'The period a feed is polled at now (adapted for interval: auto, backed off after failures)'),
  feedNextPoll: feedGauge('newswatch_feed_next_poll_timestamp_seconds', "When a feed's next poll is due (Unix seconds)"),
  feedItemsPerDay: feedGauge('newswatch_feed_items_per_day', 'Items a feed published per day recently, as the auto interval sees it'),
  feedFailures: feedGauge('newswatch_feed_consecutive_failures', 'Failed polls of a feed in a row (0 when its last poll worked)'),
  alertDelay: new Histogram({
    name: 'newswatch_alert_delay_seconds',
    help: "Delay from an item's first sighting in a feed to its alert's delivery",
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  }),
};

const FEED_GAUGES = [metrics.feedInterval, metrics.feedNextPoll, metrics.feedItemsPerDay, metrics.feedFailures];

/**
 * Drops the schedule series of feeds that are no longer configured. Without
 * it a feed removed by a reload (or polled by an earlier worker in the same
 * process) would keep reporting a next-poll time that never comes, which an
 * "is any feed overdue" alert rule would take for a stuck feed.
 */
export async function dropFeedSeriesExcept(feedIds: ReadonlySet<string>): Promise<void> {
  for (const gauge of FEED_GAUGES) {
    for (const { labels } of (await gauge.get()).values) {
      if (!feedIds.has(String(labels.feed))) gauge.remove({ feed: String(labels.feed), url: String(labels.url) });
    }
  }
}
