import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite } from '../helpers/news-site.js';
import { pollNow, startTestWorker, waitForIdle } from '../helpers/worker.js';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { keys } from '../../workers/state/keys.js';

describe('feed polling and new-article detection (real Redis, real HTTP)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const running: RunningWorker[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startNewsSite();
    receiver = await startReceiver();
  });
  afterEach(async () => {
    while (running.length) await running.pop()!.stop();
  });
  afterAll(async () => {
    await site?.close();
    await receiver?.close();
    await redis?.stop();
  });

  async function start(feeds: Array<{ url: string }>, prefix: string, backfill?: string) {
    const configPath = await writeTestConfig({ feeds, webhookUrl: `${receiver.url}/hook`, backfill });
    const worker = await startTestWorker(configPath, redis.url, prefix);
    running.push(worker);
    return worker;
  }

  const articleFetches = (slug: string) => site.count((r) => r.path === `/news/${slug}`);

  it('queues each new item once across polls, two feeds and a worker restart', async () => {
    const prefix = `{t-${randomUUID().slice(0, 8)}}`;
    const a = `/a-${prefix.slice(3, 11)}.xml`;
    const b = `/b-${prefix.slice(3, 11)}.xml`;
    const shared = { slug: `shared-${prefix.slice(3, 11)}`, title: 'Shared wire story' };
    site.setFeed(a, [shared, { slug: `only-a-${prefix.slice(3, 11)}`, title: 'Only in A' }]);
    site.setFeed(b, [shared]);
    let worker = await start([{ url: site.feedUrl(a) }, { url: site.feedUrl(b) }], prefix);

    expect(await pollNow(worker)).toBe(2);
    await waitFor(() => articleFetches(shared.slug) >= 1 && articleFetches(`only-a-${prefix.slice(3, 11)}`) >= 1);
    await waitFor(async () => (await worker.queues.article.getJobCounts('waiting', 'active', 'delayed')).active === 0);

    // A new item appears in A: only it is new on the next poll.
    const fresh = { slug: `fresh-${prefix.slice(3, 11)}`, title: 'Fresh story' };
    site.setFeed(a, [fresh, shared, { slug: `only-a-${prefix.slice(3, 11)}`, title: 'Only in A' }]);
    await pollNow(worker);
    await waitFor(() => articleFetches(fresh.slug) >= 1);

    // Restart: the same Redis, the same queues, the same feeds.
    await running.pop()!.stop();
    worker = await start([{ url: site.feedUrl(a) }, { url: site.feedUrl(b) }], prefix);
    site.setFeed(b, [shared, { slug: `after-restart-${prefix.slice(3, 11)}`, title: 'After restart' }]);
    await pollNow(worker);
    await waitFor(() => articleFetches(`after-restart-${prefix.slice(3, 11)}`) >= 1);
    await waitForIdle(worker.queues);

    expect(articleFetches(shared.slug)).toBe(1);
    expect(articleFetches(`only-a-${prefix.slice(3, 11)}`)).toBe(1);
    expect(articleFetches(fresh.slug)).toBe(1);
    expect(articleFetches(`after-restart-${prefix.slice(3, 11)}`)).toBe(1);
  });

  it('records a new feed\'s backlog older than the backfill window as seen, without fetching it', async () => {
    const prefix = `{t-${randomUUID().slice(0, 8)}}`;
    const path = `/backfill-${prefix.slice(3, 11)}.xml`;
    const old = { slug: `old-${prefix.slice(3, 11)}`, title: 'Old news', publishedAt: new Date(Date.now() - 3 * 24 * 3600_000) };
    const recent = { slug: `recent-${prefix.slice(3, 11)}`, title: 'Recent news', publishedAt: new Date(Date.now() - 3600_000) };
    site.setFeed(path, [recent, old]);
    const worker = await start([{ url: site.feedUrl(path) }], prefix, '24h');
    await pollNow(worker);
    await waitFor(() => articleFetches(recent.slug) >= 1);
    await waitForIdle(worker.queues);
    expect(articleFetches(old.slug)).toBe(0);
    const seen = await worker.runtime.redis.zcard(keys.feedSeen(feedIdFromUrl(site.feedUrl(path))));
    expect(seen).toBe(2);
  });

  it('removes the scheduler of a feed that left the config at the next start', async () => {
    const prefix = `{t-${randomUUID().slice(0, 8)}}`;
    const keep = `/keep-${prefix.slice(3, 11)}.xml`;
    const drop = `/drop-${prefix.slice(3, 11)}.xml`;
    site.setFeed(keep, []);
    site.setFeed(drop, []);
    let worker = await start([{ url: site.feedUrl(keep) }, { url: site.feedUrl(drop) }], prefix);
    const before = (await worker.queues.poll.getJobSchedulers()).map((s) => s.key).sort();
    expect(before).toEqual([feedIdFromUrl(site.feedUrl(keep)), feedIdFromUrl(site.feedUrl(drop))].sort());
    await running.pop()!.stop();
    worker = await start([{ url: site.feedUrl(keep) }], prefix);
    const after = (await worker.queues.poll.getJobSchedulers()).map((s) => s.key);
    expect(after).toEqual([feedIdFromUrl(site.feedUrl(keep))]);
    const delayed = await worker.queues.poll.getDelayed();
    expect(delayed.map((j) => j.data.feedId)).toEqual([feedIdFromUrl(site.feedUrl(keep))]);
  });

  it('fires schedules by itself, spread over the interval', async () => {
    const prefix = `{t-${randomUUID().slice(0, 8)}}`;
    const paths = Array.from({ length: 6 }, (_, i) => `/sched-${i}-${prefix.slice(3, 11)}.xml`);
    for (const p of paths) site.setFeed(p, []);
    const worker = await start(paths.map((p) => ({ url: site.feedUrl(p) })), prefix);
    const schedulers = await worker.queues.poll.getJobSchedulers();
    const offsets = new Set(schedulers.map((s) => s.offset));
    expect(offsets.size).toBe(paths.length);
    // Every feed is polled within one 10 s interval, with no help.
    await waitFor(() => paths.every((p) => site.count((r) => r.path === p) >= 1), 12_000, 200);
  }, 20_000);
});
