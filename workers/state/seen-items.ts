import type { RedisClient } from '../redis/connect.js';
import { keys } from './keys.js';
import { DAY_MS } from '../../src/time/units.js';

/** How long an item stays "seen" after it was last in its feed. */
export const SEEN_TTL_MS = 30 * DAY_MS;

const feedKey = keys.feedSeen;
const articleKey = keys.articleQueued;

/**
 * Which of these item keys this feed has not seen before. Refreshes the
 * timestamps of those it has (so an item that stays in the feed stays seen)
 * and forgets entries older than the TTL.
 */
export async function unseenItemKeys(redis: RedisClient, feedId: string, itemKeys: string[], now = Date.now()): Promise<Set<string>> {
  if (itemKeys.length === 0) return new Set();
  const pipeline = redis.pipeline();
  for (const k of itemKeys) pipeline.zscore(feedKey(feedId), k);
  const results = (await pipeline.exec()) ?? [];
  const unseen = new Set<string>();
  const refresh: Array<string | number> = [];
  results.forEach(([err, score], i) => {
    if (err) throw err;
    const k = itemKeys[i]!;
    if (score === null) unseen.add(k);
    else refresh.push(now, k);
  });
  const multi = redis.multi();
  if (refresh.length > 0) multi.zadd(feedKey(feedId), 'XX', ...refresh);
  multi.zremrangebyscore(feedKey(feedId), '-inf', now - SEEN_TTL_MS);
  await multi.exec();
  return unseen;
}

/** Records items as seen by this feed. Called after their article jobs are queued, so a crash in between re-queues (idempotently) rather than loses. */
export async function markItemsSeen(redis: RedisClient, feedId: string, itemKeys: string[], now = Date.now()): Promise<void> {
  if (itemKeys.length === 0) return;
  const args: Array<string | number> = [];
  for (const k of itemKeys) args.push(now, k);
  await redis.zadd(feedKey(feedId), ...args);
}

/** Whether any feed already queued this article (jobs are removed after completion, so the job id alone does not remember). */
export async function articleAlreadyQueued(redis: RedisClient, articleIds: string[]): Promise<boolean[]> {
  if (articleIds.length === 0) return [];
  const values = await redis.mget(articleIds.map(articleKey));
  return values.map((v) => v !== null);
}

export async function markArticlesQueued(redis: RedisClient, articleIds: string[], ttlMs = SEEN_TTL_MS): Promise<void> {
  if (articleIds.length === 0) return;
  const multi = redis.multi();
  for (const id of articleIds) multi.set(articleKey(id), '1', 'PX', ttlMs);
  await multi.exec();
}

/**
 * Adds the watchlists of one more feed that carries each article; returns,
 * per article, the watchlists no feed had asked for before. An article seen
 * first through a feed of one watchlist and then through a feed of another is
 * matched for both.
 */
export async function addArticleWatchlists(redis: RedisClient, entries: Array<{ articleId: string; watchlists: string[] }>, ttlMs = SEEN_TTL_MS): Promise<string[][]> {
  if (entries.length === 0) return [];
  const before = redis.pipeline();
  for (const e of entries) before.smembers(keys.articleWatchlists(e.articleId));
  const known = ((await before.exec()) ?? []).map(([err, members]) => {
    if (err) throw err;
    return new Set(members as string[]);
  });
  const multi = redis.multi();
  for (const e of entries) {
    if (e.watchlists.length === 0) continue;
    multi.sadd(keys.articleWatchlists(e.articleId), ...e.watchlists);
    multi.pexpire(keys.articleWatchlists(e.articleId), ttlMs);
  }
  await multi.exec();
  return entries.map((e, i) => e.watchlists.filter((w) => !known[i]!.has(w)));
}

export async function articleWatchlists(redis: RedisClient, articleId: string): Promise<string[]> {
  return redis.smembers(keys.articleWatchlists(articleId));
}
