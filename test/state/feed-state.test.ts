import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../workers/state/keys.js';
import { readItemTimes, recordItemTimes } from '../../workers/state/feed-items.js';
import { claimPoll, readFeedState, writeFeedState } from '../../workers/state/feed-state.js';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 10, 26, 6, 0, 0);

describe('feed state, poll guard and item times (real Redis)', () => {
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

  it('reads an unknown feed as never polled, not primed, no failures', async () => {
    expect(await readFeedState(redis, feed())).toEqual({ failures: 0, primed: false });
  });

  it('round-trips every field, numbers and booleans included', async () => {
    const id = feed();
    const state = {
      etag: '"v1"',
      lastModified: 'Wed, 25 Nov 2026 18:30:00 GMT',
      lastPolledAt: NOW,
      lastOutcome: 'changed' as const,
      lastError: 'feed: 503',
      failures: 2,
      primed: true,
      nextPollAt: NOW + 60_000,
      nextPollReason: 'auto: 4 items a day',
      itemsPerDay: 4.5,
      ttlMinutes: 15,
      periodMs: 900_000,
      periodFor: 'auto',
    };
    await writeFeedState(redis, id, state);
    expect(await readFeedState(redis, id)).toEqual(state);
  });

  it('deletes a field written as undefined, so a vanished ETag does not linger', async () => {
    const id = feed();
    await writeFeedState(redis, id, { etag: '"v1"', lastError: 'feed: timeout', failures: 1 });
    await writeFeedState(redis, id, { etag: undefined, lastError: undefined, failures: 0 });
    expect(await redis.hkeys(keys.feedState(id))).toEqual(['failures']);
    expect(await readFeedState(redis, id)).toEqual({ failures: 0, primed: false });
  });

  it('lets one claim of a feed through per hold, across connections', async () => {
    const id = feed();
    const other = new Redis(server.url);
    try {
      const claims = await Promise.all([claimPoll(redis, id, 60_000), claimPoll(other, id, 60_000), claimPoll(redis, id, 60_000)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      const ttl = await redis.pttl(keys.pollGuard(id));
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      other.disconnect();
    }
  });

  it('frees the claim when the hold runs out', async () => {
    const id = feed();
    expect(await claimPoll(redis, id, 200)).toBe(true);
    expect(await claimPoll(redis, id, 200)).toBe(false);
    await waitFor(async () => claimPoll(redis, id, 200), 5_000);
  });

  it('takes a zero or fractional hold as one millisecond (Redis refuses PX 0)', async () => {
    await expect(claimPoll(redis, feed(), 0)).resolves.toBe(true);
    await expect(claimPoll(redis, feed(), 0.4)).resolves.toBe(true);
  });

  it('records an item time once: a re-dated item keeps its first time', async () => {
    const id = feed();
    await recordItemTimes(redis, id, [{ key: 'a', time: NOW - DAY }, { key: 'b', time: NOW - 2 * DAY }], NOW);
    await recordItemTimes(redis, id, [{ key: 'a', time: NOW }, { key: 'c', time: NOW - 3600_000 }], NOW);
    expect(await readItemTimes(redis, id)).toEqual([NOW - 2 * DAY, NOW - DAY, NOW - 3600_000]);
  });

  it('forgets item times older than 14 days, and keeps at most the newest 1000', async () => {
    const id = feed();
    await recordItemTimes(redis, id, [{ key: 'old', time: NOW - 15 * DAY }, { key: 'recent', time: NOW - DAY }], NOW);
    expect(await readItemTimes(redis, id)).toEqual([NOW - DAY]);
    const many = Array.from({ length: 1_005 }, (_, i) => ({ key: `i${i}`, time: NOW - i * 60_000 }));
    await recordItemTimes(redis, id, many, NOW);
    const times = await readItemTimes(redis, id);
    expect(times).toHaveLength(1_000);
    expect(times.at(-1)).toBe(NOW);
    expect(times[0]).toBe(NOW - 999 * 60_000);
  });

  it('writes nothing for no items', async () => {
    const id = feed();
    await recordItemTimes(redis, id, [], NOW);
    expect(await redis.exists(keys.feedItems(id))).toBe(0);
  });
});
