import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite, type SiteItem } from '../helpers/news-site.js';
import { pollNow, startTestWorker } from '../helpers/worker.js';
import { feedIdFromUrl } from '../../src/config/feed-id.js';
import type { RunningWorker } from '../../workers/runtime/start.js';

type Site = Awaited<ReturnType<typeof startNewsSite>>;

/** Request starts of a site's article pages, in order. */
const pageStarts = (site: Site) => site.requests.filter((r) => r.path.startsWith('/news/')).map((r) => r.at).sort((a, b) => a - b);

describe('per-host pacing with reserved turns: two workers, loopback hosts (real Redis, real HTTP)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let workers: RunningWorker[] = [];
  let sites: Site[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
    await Promise.all(sites.map((s) => s.close()));
    sites = [];
  });
  afterAll(async () => {
    await receiver?.close();
    await redis?.stop();
  });

  /** One site per loopback address (the limits are per host), one feed each, and two workers sharing the queues. */
  async function start(feeds: Array<{ host: string; items: SiteItem[] }>) {
    const prepared = [];
    for (const f of feeds) {
      const site = await startNewsSite(f.host);
      sites.push(site);
      const path = `/feed-${randomUUID().slice(0, 8)}.xml`;
      site.setFeed(path, f.items);
      prepared.push({ site, path, url: site.feedUrl(path) });
    }
    const configPath = await writeTestConfig({ feeds: prepared.map((p) => ({ url: p.url, interval: '5m' })), webhookUrl: `${receiver.url}/hook` });
    const prefix = `{nwtest-${randomUUID().slice(0, 8)}}`;
    workers = [await startTestWorker(configPath, redis.url, prefix), await startTestWorker(configPath, redis.url, prefix)];
    return prepared.map((p) => ({ ...p, feedId: feedIdFromUrl(p.url) }));
  }

  const items = (prefix: string, n: number, delayMs = 0): SiteItem[] => Array.from({ length: n }, (_, i) => ({ slug: `${prefix}-${i}`, title: `Story ${prefix} ${i}`, delayMs }));

  it('fetches every page once, at most 2 at once and 250 ms apart per host, across both workers', async () => {
    const [a, b] = await start([
      { host: '127.0.0.2', items: items('a', 10, 150) },
      { host: '127.0.0.3', items: items('b', 10, 150) },
    ]);
    await pollNow(workers[0]!);
    for (const f of [a!, b!]) {
      await waitFor(() => f.site.count((r) => r.path.startsWith('/news/')) >= 10, 20_000);
    }
    for (const f of [a!, b!]) {
      expect(f.site.inFlight.max).toBeLessThanOrEqual(2);
      const starts = pageStarts(f.site);
      expect(starts).toHaveLength(10);
      // Starts are spaced on Redis's clock; the server sees them a few ms apart from that (sockets, event loops).
      for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(220);
    }
    // Each page exactly once, and every article job completed (the two workers share one queue).
    for (const f of [a!, b!]) {
      const paths = f.site.requests.filter((r) => r.path.startsWith('/news/')).map((r) => r.path);
      expect(new Set(paths).size).toBe(paths.length);
    }
    await waitFor(async () => (await workers[0]!.queues.article.getJobCounts('completed')).completed === 20, 10_000);
  }, 40_000);

  it("a hanging host delays only its own articles: another host's new article is fetched soon after its poll", async () => {
    // More hanging articles than the article queue's concurrency (8): none of them may hold a worker slot while it waits.
    const [hang, other] = await start([
      { host: '127.0.0.4', items: items('hang', 30, 30_000) },
      { host: '127.0.0.5', items: [] },
    ]);
    await pollNow(workers[0]!, hang!.feedId);
    // Both of the hanging host's request slots are taken and stay taken.
    await waitFor(() => hang!.site.inFlight.now === 2, 10_000);
    await pollNow(workers[0]!, other!.feedId);
    await waitFor(() => other!.site.count((r) => r.path.endsWith('.xml') && r.status === 200) >= 1, 5_000);

    other!.site.setFeed(other!.path, items('fresh', 1));
    await pollNow(workers[1]!, other!.feedId);
    // The feed's own poll holds the host's gap (250 ms) before the page; the rest is the worker's own work.
    await waitFor(() => other!.site.count((r) => r.path === '/news/fresh-0') === 1, 3_000);
    expect(hang!.site.inFlight.now).toBe(2);
    expect(hang!.site.inFlight.max).toBeLessThanOrEqual(2);
  }, 40_000);
});
