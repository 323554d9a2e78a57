import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { logFirstPollProgress } from '../../workers/runtime/progress.js';
import { writeFeedState } from '../../workers/state/feed-state.js';
import type { FeedConfig } from '../../src/config/types.js';

describe('first-poll progress', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let client: Redis;
  beforeAll(async () => {
    redis = await startTestRedis();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('logs how many of many new feeds have been read, then once when all have', async () => {
    const feeds: FeedConfig[] = Array.from({ length: 120 }, (_, i) => ({ id: `f${i}`, url: `http://127.0.0.1/${i}.xml`, interval: { kind: 'auto' }, watchlists: [] }));
    const lines: Array<Record<string, any>> = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const stop = logFirstPollProgress(client, () => feeds, log, 100);
    await waitFor(() => lines.some((l) => l.msg === 'first polls in progress' && l.primed === 0 && l.total === 120));
    for (const f of feeds.slice(0, 60)) await writeFeedState(client, f.id, { primed: true, failures: 0 });
    await waitFor(() => lines.some((l) => l.msg === 'first polls in progress' && l.primed === 60));
    for (const f of feeds.slice(60)) await writeFeedState(client, f.id, { primed: true, failures: 0 });
    await waitFor(() => lines.some((l) => l.msg === 'first polls done: every feed has been read'));
    stop();
  });

  it('stays quiet for a handful of feeds', async () => {
    const feeds: FeedConfig[] = [{ id: 'quiet', url: 'http://127.0.0.1/q.xml', interval: { kind: 'auto' }, watchlists: [] }];
    const lines: unknown[] = [];
    // A check reads the feed list, then the feeds' state from Redis, then decides whether to log. Redis
    // answers one connection in order: once a PING sent after the check began is answered, so is the check.
    let checks = 0;
    const stop = logFirstPollProgress(client, () => (checks++, feeds), pino({}, { write: (s: string) => void lines.push(s) }), 50);
    await waitFor(() => checks >= 1, 5_000);
    await client.ping();
    stop();
    expect(lines).toHaveLength(0);
  });
});
