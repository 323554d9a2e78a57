import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { connectRedis, type RedisClient } from '../../workers/redis/connect.js';
import { keys } from '../../workers/state/keys.js';
import { historyBytes, listAlerts, readArticles, recordDelivery, recordHistory, type StoredAlert, type StoredArticle } from '../../workers/state/history.js';

const article = (i: number, readAt: number, text = `Story ${i}. `.repeat(50)): StoredArticle => ({
  id: `a${i}`, url: `https://example.com/${i}`, title: `Story ${i}`, text, feed: { url: 'https://example.com/rss' }, watchlists: ['w'], readAt,
});
const alert = (i: number, queuedAt: number): StoredAlert => ({
  alertId: `alert-${i}`, webhookId: 'ops', watchlistId: 'w', storyId: `a${i}`, articleId: `a${i}`, queuedAt,
  data: { watchlist: { id: 'w' }, article: { url: `https://example.com/${i}`, feed: { url: 'https://example.com/rss' } },
    matches: [{ entityId: 'ann', name: 'Ann', count: 1, inTitle: false, snippets: ['Ann spoke.'] }] },
});

describe('history store: bounded by age and bytes in Redis', () => {
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: RedisClient;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = connectRedis(server.url);
  });
  afterAll(async () => {
    await redis?.quit();
    await server?.stop();
  });

  /** The byte counter equals the sum of the entries it accounts for, and every indexed entry exists. */
  async function consistent(): Promise<number> {
    const sizes = await redis.hgetall(keys.historySizes);
    const members = await redis.zrange(keys.historyIndex, '0', '-1');
    expect(members.sort()).toEqual(Object.keys(sizes).sort());
    for (const m of members) expect(await redis.exists(keys.historyEntryPrefix + m)).toBe(1);
    const total = Object.values(sizes).reduce((n, s) => n + Number(s), 0);
    expect(await historyBytes(redis)).toBe(total);
    return total;
  }

  it('drops the oldest entries once the byte bound is passed, and keeps the counter exact', async () => {
    await redis.flushall();
    const limits = { maxAgeMs: 86_400_000, maxBytes: 3_000 };
    const t0 = Date.now();
    for (let i = 0; i < 40; i++) await recordHistory(redis, limits, { article: article(i, t0 + i), alerts: [alert(i, t0 + i)] }, t0 + i);
    const total = await consistent();
    expect(total).toBeLessThanOrEqual(3_000);
    const kept = await redis.zrange(keys.historyIndex, '0', '-1');
    expect(kept).toContain('text:a39');
    expect(kept).not.toContain('text:a0');
    // Rewriting an article replaces its size instead of adding to it.
    await recordHistory(redis, limits, { article: article(39, t0 + 39) }, t0 + 40);
    expect(await consistent()).toBe(total);
  });

  it('drops entries older than maxAge at the next write, alerts and their listing included', async () => {
    await redis.flushall();
    const limits = { maxAgeMs: 60_000, maxBytes: 10_000_000 };
    const now = Date.now();
    await recordHistory(redis, limits, { article: article(1, now - 120_000), alerts: [alert(1, now - 120_000)] }, now - 120_000);
    await recordHistory(redis, limits, { article: article(2, now), alerts: [alert(2, now)] }, now);
    await consistent();
    expect((await listAlerts(redis, { sinceMs: 0 })).map((a) => a.alertId)).toEqual(['alert-2']);
    const read = [];
    for await (const a of readArticles(redis, 0)) read.push(a.id);
    expect(read).toEqual(['a2']);
    // A delivery arriving for a trimmed alert does not bring it back.
    await recordDelivery(redis, 'alert-1', { outcome: 'delivered', at: now, status: 200 });
    expect(await redis.exists(`${keys.historyEntryPrefix}alert:alert-1`)).toBe(0);
    await recordDelivery(redis, 'alert-2', { outcome: 'delivered', at: now, status: 200 });
    expect((await listAlerts(redis, { sinceMs: 0 }))[0]!.delivery).toEqual({ outcome: 'delivered', at: now, status: 200 });
  });

  it('reads every stored article back once, in batches, also when many share one millisecond', async () => {
    await redis.flushall();
    const limits = { maxAgeMs: 86_400_000, maxBytes: 100_000_000 };
    const now = Date.now();
    for (let i = 0; i < 25; i++) await recordHistory(redis, limits, { article: article(i, now + Math.floor(i / 10)), alerts: [alert(i, now)] }, now);
    const read: string[] = [];
    for await (const a of readArticles(redis, now - 1, 4)) read.push(a.id);
    expect(read.sort()).toEqual(Array.from({ length: 25 }, (_, i) => `a${i}`).sort());
    const first = (await listAlerts(redis, { sinceMs: 0, limit: 5 })).length;
    expect(first).toBe(5);
  });
});
