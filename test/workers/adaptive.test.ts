import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite, type FeedOptions, type SiteItem } from '../helpers/news-site.js';
import { pollNow, startTestWorker } from '../helpers/worker.js';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { readFeedState } from '../../workers/state/feed-state.js';

const HOUR = 3600_000;

describe('feed pace: auto intervals, publisher hints, failure backoff (real Redis, BullMQ schedulers)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startNewsSite();
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });
  afterAll(async () => {
    await site?.close();
    await receiver?.close();
    await redis?.stop();
  });

  async function startWith(feeds: Array<{ items: SiteItem[]; options?: FeedOptions; interval?: string }>) {
    const urls = feeds.map(({ items, options }) => {
      const path = `/pace-${randomUUID().slice(0, 8)}.xml`;
      site.setFeed(path, items, options);
      return site.feedUrl(path);
    });
    const configPath = await writeTestConfig({
      feeds: urls.map((url, i) => ({ url, interval: feeds[i]!.interval ?? 'auto' })),
      webhookUrl: `${receiver.url}/hook`,
    });
    worker = await startTestWorker(configPath, redis.url);
    return urls.map(feedIdFromUrl);
  }

  /** One scheduled poll of the feed, run now, and its effect on the scheduler. */
  async function pollOnce(feedId: string) {
    const before = (await readFeedState(worker!.runtime.redis, feedId)).lastPolledAt ?? 0;
    expect(await pollNow(worker!, feedId)).toBe(1);
    await waitFor(async () => ((await readFeedState(worker!.runtime.redis, feedId)).lastPolledAt ?? 0) > before && (await worker!.queues.poll.getDelayed()).some((j) => j.data.feedId === feedId));
    await waitFor(async () => (await worker!.queues.poll.getActive()).length === 0);
    const state = await readFeedState(worker!.runtime.redis, feedId);
    const scheduler = (await worker!.queues.poll.getJobSchedulers()).find((s) => s.key === feedId)!;
    return { state, every: scheduler.every! };
  }

  it('polls a feed that posted 7 items in the last week about hourly', async () => {
    const week = Array.from({ length: 7 }, (_, i) => ({ slug: `weekly-${randomUUID().slice(0, 6)}`, title: `Weekly ${i}`, publishedAt: new Date(Date.now() - (i + 0.5) * 24 * HOUR) }));
    const [id] = await startWith([{ items: week }]);
    const { state, every } = await pollOnce(id!);
    expect(state.nextPollReason).toBe('item-rate');
    expect(every).toBeGreaterThan(0.8 * HOUR);
    expect(every).toBeLessThan(1.25 * HOUR);
  });

  it('honours Cache-Control max-age, RSS <ttl> and Retry-After', async () => {
    const [maxAge, ttl, retry] = await startWith([
      { items: [], options: { headers: { 'cache-control': 'public, max-age=3600' } } },
      { items: [], options: { ttlMinutes: 120 } },
      { items: [], options: { respond: () => ({ status: 503, headers: { 'retry-after': '7200' } }) } },
    ]);
    const a = await pollOnce(maxAge!);
    expect(a.state.nextPollReason).toBe('cache-control');
    expect(a.every).toBe(HOUR);
    const b = await pollOnce(ttl!);
    expect(b.state.nextPollReason).toBe('ttl');
    expect(b.every).toBe(2 * HOUR);
    const c = await pollOnce(retry!);
    expect(c.state.nextPollReason).toBe('retry-after');
    expect(c.every).toBe(2 * HOUR);
  });

  it('backs a failing feed off exponentially and recovers by itself', async () => {
    let failing = true;
    const [id] = await startWith([{ items: [], interval: '10s', options: { respond: () => (failing ? { status: 500 } : undefined) } }]);
    const everies: number[] = [];
    for (let i = 0; i < 3; i++) everies.push((await pollOnce(id!)).every);
    // The first failure keeps the pace (one bad answer is noise); each further one doubles it.
    expect(everies).toEqual([10_000, 20_000, 40_000]);
    failing = false;
    const recovered = await pollOnce(id!);
    expect(recovered.state.failures).toBe(0);
    expect(recovered.state.lastOutcome).toBe('changed');
    expect(recovered.every).toBe(10_000);
  });

  it('reads a JSON Feed served with the wrong content type', async () => {
    const slug = `json-${randomUUID().slice(0, 6)}`;
    const [id] = await startWith([{ items: [{ slug, title: 'From a JSON Feed' }], options: { jsonFeedAs: 'text/plain' } }]);
    await pollOnce(id!);
    await waitFor(() => site.count((r) => r.path === `/news/${slug}`) === 1, 10_000);
  });

  it('shares one host\'s request budget among its feeds', async () => {
    site.inFlight.max = 0;
    const ids = await startWith(Array.from({ length: 6 }, () => ({ items: [], options: { delayMs: 300 } })));
    await pollNow(worker!);
    await waitFor(async () => {
      const states = await Promise.all(ids.map((id) => readFeedState(worker!.runtime.redis, id)));
      return states.every((s) => s.lastPolledAt !== undefined);
    }, 15_000);
    expect(site.inFlight.max).toBeLessThanOrEqual(2);
  });
});
