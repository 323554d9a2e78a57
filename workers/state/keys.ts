/**
 * Every Redis key newswatch writes outside BullMQ, in one place, and the home
 * of deduplication: the layers below, in pipeline order, are what keeps one
 * story to one alert per watchlist and webhook.
 *
 * | layer | key (or mechanism) | lives | prevents |
 * | 1 item seen | feedSeen: sorted set of item keys (guid, else canonical link) per feed | 30 days, refreshed while listed | re-queuing an item a feed keeps listing |
 * | 2 poll claim | pollGuard: one per feed | half a period | two processes polling one feed in one interval |
 * | 3 article queued | articleQueued + BullMQ jobId = hash of the canonical link | 30 days | one article fetched twice via two feeds or two polls (a removed job no longer blocks its id, so the key does) |
 * | 4 article watchlists | articleWatchlists: set per article | 30 days | a second feed's watchlists being lost; only the new ones are matched again |
 * | 5 story | storyByUrl (the fetched link, or the page's declared canonical when on the same site: src/url/dedupe.ts) and storyBand/storyFingerprint (near-identical text) | 7 days | a syndicated copy or re-post becoming a second story |
 * | 6 people alerted | storyAlerted: entity ids per story and watchlist | 7 days | a copy alerting again; a copy naming someone new alerts for that person only |
 * | 7 alert id | webhook-id = hash(story, watchlist, webhook[, new people]) as BullMQ jobId, and alertDelivered | 30 days | the same alert queued or sent twice (a retry keeps its id, so receivers drop repeats) |
 * | 8 digest window | digestAlerts: hash alert id → alert, per target and window; digestSealed; BullMQ jobId digest_<webhook>_<start> and alertDelivered | 30 days | an alert gathered twice into a window (hash field), a window sent twice (one job id, and a sealed window takes no more alerts: late ones go to the next) |
 *
 * Not deduplication but bounded by the same care: the history (history.ts)
 * keeps recent articles' text and the alerts sent for `matches`, `replay` and
 * /matches; historyIndex, historySizes and historyBytes hold its age order
 * and size, trimmed at every write by `history.maxAge` and `history.maxBytes`.
 *
 * The keys all carry
 * the same hash tag as the queues' default prefix, so on Redis Cluster they
 * share one slot and the multi-key transactions and scripts below stay legal
 * (a MULTI across slots fails with CROSSSLOT).
 */
const TAG = '{newswatch}';

export const keys = {
  feedState: (feedId: string) => `${TAG}:feed:${feedId}`,
  feedItems: (feedId: string) => `${TAG}:feed-items:${feedId}`,
  feedSeen: (feedId: string) => `${TAG}:seen:${feedId}`,
  pollGuard: (feedId: string) => `${TAG}:pollguard:${feedId}`,
  articleQueued: (articleId: string) => `${TAG}:article-seen:${articleId}`,
  articleWatchlists: (articleId: string) => `${TAG}:article-watchlists:${articleId}`,
  hostLeases: (host: string) => `${TAG}:host:${host}:leases`,
  /** Hash: last (latest request start), tail (next free start on the schedule), held (typical request time, ms). */
  hostPace: (host: string) => `${TAG}:host:${host}:pace`,
  /** Sorted set: owner (job id) → reserved start (ms, Redis clock). */
  hostReserved: (host: string) => `${TAG}:host:${host}:reserved`,
  storyByUrl: (articleId: string) => `${TAG}:story-url:${articleId}`,
  storyBand: (index: number, band: string) => `${TAG}:story-band:${index}:${band}`,
  storyFingerprint: (storyId: string) => `${TAG}:story-fp:${storyId}`,
  storyAlerted: (storyId: string, watchlistId: string) => `${TAG}:story-alerted:${storyId}:${watchlistId}`,
  alertDelivered: (alertId: string) => `${TAG}:alert-sent:${alertId}`,
  /** History: every entry ("text:<articleId>", "alert:<alertId>") by time written, for trimming. */
  historyIndex: `${TAG}:history:index`,
  /** History: entry → bytes it holds. */
  historySizes: `${TAG}:history:sizes`,
  /** History: total bytes held (the metric and the byte bound read it). */
  historyBytes: `${TAG}:history:bytes`,
  /** History: alert ids by time queued, for listing. */
  historyAlerts: `${TAG}:history:alerts`,
  /** Prefix of the history entries themselves: prefix + "text:<articleId>" or "alert:<alertId>". */
  historyEntryPrefix: `${TAG}:history:`,
  digestAlerts: (webhookId: string, windowKey: string) => `${TAG}:digest:${webhookId}:${windowKey}`,
  digestSealed: (webhookId: string, windowKey: string) => `${TAG}:digest-sealed:${webhookId}:${windowKey}`,
};
