/**
 * Every Redis key newswatch writes outside BullMQ, in one place. All carry
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
  hostNext: (host: string) => `${TAG}:host:${host}:next`,
  storyByUrl: (articleId: string) => `${TAG}:story-url:${articleId}`,
  storyBand: (index: number, band: string) => `${TAG}:story-band:${index}:${band}`,
  storyFingerprint: (storyId: string) => `${TAG}:story-fp:${storyId}`,
  storyAlerted: (storyId: string, watchlistId: string) => `${TAG}:story-alerted:${storyId}:${watchlistId}`,
  alertDelivered: (alertId: string) => `${TAG}:alert-sent:${alertId}`,
};
