import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../workers/state/keys.js';
import {
  addArticleWatchlists,
  articleAlreadyQueued,
  articleWatchlists,
  markArticlesQueued,
  markItemsSeen,
  SEEN_TTL_MS,
  unseenItemKeys,
} from '../../workers/state/seen-items.js';
import { startTestRedis } from '../helpers/redis.js';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 10, 26, 6, 0, 0);

describe('seen-items (real Redis)', () => {
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  const feed = () => `feed-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('calls every key unseen in a new feed, and only the new ones after they are marked', async () => {
    const id = feed();
    expect(await unseenItemKeys(redis, id, ['a', 'b'], NOW)).toEqual(new Set(['a', 'b']));
    await markItemsSeen(redis, id, ['a', 'b'], NOW);
    expect(await unseenItemKeys(redis, id, ['a', 'b', 'c'], NOW + 1000)).toEqual(new Set(['c']));
  });

  it('does not mark anything itself: a poll that crashes before markItemsSeen sees the items again', async () => {
    const id = feed();
    await unseenItemKeys(redis, id, ['a'], NOW);
    expect(await unseenItemKeys(redis, id, ['a'], NOW)).toEqual(new Set(['a']));
    expect(await redis.exists(keys.feedSeen(id))).toBe(0);
  });

  it('keeps seen-sets per feed', async () => {
    const [one, two] = [feed(), feed()];
    await markItemsSeen(redis, one, ['shared'], NOW);
    expect(await unseenItemKeys(redis, two, ['shared'], NOW)).toEqual(new Set(['shared']));
  });

  it('forgets an item 30 days after it was last in the feed, and an item still in the feed never', async () => {
    const id = feed();
    await markItemsSeen(redis, id, ['gone', 'stays'], NOW);
    // Day 20: only "stays" is still in the feed; seeing it refreshes its time.
    expect(await unseenItemKeys(redis, id, ['stays'], NOW + 20 * DAY)).toEqual(new Set());
    // Day 31: "gone" is past the TTL and forgotten; "stays" was refreshed 11 days ago.
    expect(await unseenItemKeys(redis, id, ['stays'], NOW + 31 * DAY)).toEqual(new Set());
    expect(await redis.zscore(keys.feedSeen(id), 'gone')).toBeNull();
    expect(Number(await redis.zscore(keys.feedSeen(id), 'stays'))).toBe(NOW + 31 * DAY);
    expect(SEEN_TTL_MS).toBe(30 * DAY);
  });

  it('does not add unseen keys when refreshing seen ones (XX)', async () => {
    const id = feed();
    await markItemsSeen(redis, id, ['old'], NOW);
    await unseenItemKeys(redis, id, ['old', 'new'], NOW + 1);
    expect(await redis.zrange(keys.feedSeen(id), '0', '-1')).toEqual(['old']);
  });

  it('answers an empty list without touching Redis', async () => {
    expect(await unseenItemKeys(redis, feed(), [], NOW)).toEqual(new Set());
    expect(await articleAlreadyQueued(redis, [])).toEqual([]);
    expect(await addArticleWatchlists(redis, [])).toEqual([]);
  });

  it('remembers queued articles across feeds until their TTL', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    expect(await articleAlreadyQueued(redis, [a, b])).toEqual([false, false]);
    await markArticlesQueued(redis, [a], 60_000);
    expect(await articleAlreadyQueued(redis, [a, b])).toEqual([true, false]);
    const ttl = await redis.pttl(keys.articleQueued(a));
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('returns, per article, only the watchlists no feed asked for before', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    expect(await addArticleWatchlists(redis, [{ articleId: a, watchlists: ['mideast'] }, { articleId: b, watchlists: [] }])).toEqual([['mideast'], []]);
    // A second feed carries article a for two watchlists, one of them new.
    expect(await addArticleWatchlists(redis, [{ articleId: a, watchlists: ['mideast', 'markets'] }])).toEqual([['markets']]);
    expect((await articleWatchlists(redis, a)).sort()).toEqual(['markets', 'mideast']);
    expect(await articleWatchlists(redis, b)).toEqual([]);
    expect(await redis.pttl(keys.articleWatchlists(a))).toBeGreaterThan(SEEN_TTL_MS - 60_000);
  });
});
