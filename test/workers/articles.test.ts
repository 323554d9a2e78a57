import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite, type SiteItem } from '../helpers/news-site.js';
import { pollNow, startLoggedWorker, waitForIdle, type LogLine } from '../helpers/worker.js';
import type { RunningWorker } from '../../workers/runtime/start.js';

describe('article stage: fetch outcomes and politeness (real Redis, real HTTP)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: RunningWorker | undefined;
  let logs: LogLine[];

  beforeAll(async () => {
    redis = await startTestRedis();
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await site?.close();
  });
  afterAll(async () => {
    await receiver?.close();
    await redis?.stop();
  });

  async function run(items: SiteItem[]) {
    site = await startNewsSite();
    const path = `/feed-${randomUUID().slice(0, 8)}.xml`;
    site.setFeed(path, items);
    const configPath = await writeTestConfig({ feeds: [{ url: site.feedUrl(path) }], webhookUrl: `${receiver.url}/hook` });
    ({ worker, logs } = await startLoggedWorker(configPath, redis.url));
    await pollNow(worker);
    return worker;
  }

  const settled = async (w: RunningWorker) => {
    const c = await w.queues.article.getJobCounts('waiting', 'active', 'delayed');
    return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0;
  };

  it('gives up on a 404 at once, without retrying', async () => {
    const w = await run([{ slug: 'missing', title: 'Gone story', respond: () => ({ status: 404 }) }]);
    await waitFor(async () => (await w.queues.article.getJobCounts('failed')).failed === 1, 10_000);
    const [job] = await w.queues.article.getFailed();
    expect(job!.attemptsMade).toBe(1);
    expect(job!.failedReason).toBe('fetch: HTTP 404');
    await waitForIdle(w.queues);
    expect(site.count((r) => r.path === '/news/missing')).toBe(1);
  });

  it('honours Retry-After on a 503, then extracts and matches', async () => {
    const w = await run([
      {
        slug: 'busy',
        title: 'Steve Witkoff to meet mediators',
        paragraphs: ['Steve Witkoff will meet mediators in Doha on Sunday, officials said, in a push to extend the truce.'],
        respond: (attempt) => (attempt === 0 ? { status: 503, headers: { 'retry-after': '2' } } : undefined),
      },
    ]);
    await waitFor(() => receiver.alerts.some((a) => a.body.data.article.url.endsWith('/news/busy')), 20_000);
    const times = site.requests.filter((r) => r.path === '/news/busy').map((r) => r.at);
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2_000);
    expect(await settled(w)).toBe(true);
  });

  it('skips a page that is not HTML with one log line, and matches the feed item text instead', async () => {
    await run([
      {
        slug: 'report.pdf',
        title: 'Report: Jared Kushner and Steve Witkoff plan for Gaza',
        respond: () => ({ status: 200, headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.7 binary' }),
      },
    ]);
    await waitFor(() => receiver.alerts.some((a) => a.body.data.article.url.endsWith('/news/report.pdf')), 15_000);
    const skipped = logs.filter((l) => l.msg === 'article is not HTML: matching the feed item text');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.reason).toBe('fetch: not HTML (application/pdf)');
  });

  it('keeps to 2 requests at once per host, spaced apart, however many items arrive', async () => {
    const items = Array.from({ length: 8 }, (_, i) => ({ slug: `polite-${i}`, title: `Story ${i}`, delayMs: 300 }));
    const w = await run(items);
    await waitFor(() => items.every((i) => site.count((r) => r.path === `/news/${i.slug}`) === 1), 20_000);
    await waitFor(() => settled(w));
    expect(site.inFlight.max).toBeLessThanOrEqual(2);
    const starts = site.requests.filter((r) => r.path.startsWith('/news/polite-')).map((r) => r.at).sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(200);
  });
});
