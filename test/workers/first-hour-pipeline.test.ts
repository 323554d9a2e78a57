import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite, type SiteItem } from '../helpers/news-site.js';
import { pollNow, startLoggedWorker, type LogLine } from '../helpers/worker.js';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { DEAD_LETTERED } from '../../workers/processors/alert.js';

/** Three different stories about the envoy: no two share enough text to be merged by fingerprint. */
const STORIES = [
  [
    'Steve Witkoff, the U.S. special envoy, will travel to Cairo next week for talks on the ceasefire, officials said on Tuesday.',
    'Witkoff is expected to meet Egyptian and Qatari mediators, and the talks could last several days according to two people familiar with the plans.',
  ],
  [
    'Steve Witkoff spoke to reporters in Doha about the hostage negotiations and described the latest round as constructive but unfinished.',
    'Witkoff declined to give a timeline, saying only that the parties had agreed to keep their technical teams in the Qatari capital.',
  ],
  [
    'Lawmakers questioned Steve Witkoff in a closed session about the administration’s plans for reconstruction funding and border crossings.',
    'Witkoff told the committee that donors from the Gulf had asked for guarantees before committing money to any rebuilding programme.',
  ],
];

const page = (title: string, paragraphs: string[], canonical?: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${canonical ? `<link rel="canonical" href="${canonical}">` : ''}</head>
<body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></body></html>`;

const served = (html: string): SiteItem['respond'] => () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html });

describe('first hour: what the worker decides and says (real Redis, real receiver)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  const running: RunningWorker[] = [];
  const closers: Array<() => Promise<void>> = [];
  const tag = () => randomUUID().slice(0, 8);

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startNewsSite();
  });
  afterEach(async () => {
    while (running.length) await running.pop()!.stop();
    while (closers.length) await closers.pop()!();
    // Both cases tell stories about the same envoy: forget them, or the next case sees a duplicate (as it should).
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
  });
  afterAll(async () => {
    await site?.close();
    await redis?.stop();
  });

  async function start(items: SiteItem[], webhookUrl: string, retry?: string, more: Array<{ site: typeof site; items: SiteItem[] }> = []) {
    const feeds = [{ site, items }, ...more].map((f) => {
      const path = `/feed-${tag()}.xml`;
      f.site.setFeed(path, f.items);
      return { url: f.site.feedUrl(path) };
    });
    const configPath = await writeTestConfig({ feeds, webhookUrl, retry });
    const started = await startLoggedWorker(configPath, redis.url);
    running.push(started.worker);
    return started;
  }

  it('trusts a declared canonical for deduplication only on the same site; the alert links where the feed pointed', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    // Another site: 127.0.0.2 is another host, and IP hosts have no registrable domain to share.
    const otherSite = await startNewsSite('127.0.0.2');
    closers.push(otherSite.close);
    const [x, same, other] = [`x-${tag()}`, `same-${tag()}`, `other-${tag()}`];
    const xUrl = `${site.url}/news/${x}`;
    const { worker, logs } = await start(
      [
        { slug: x, title: 'Envoy heads to Cairo', respond: served(page('Envoy heads to Cairo', STORIES[0]!)) },
        { slug: same, title: 'Envoy in Doha', respond: served(page('Envoy in Doha', STORIES[1]!, xUrl)) },
      ],
      `${receiver.url}/hook`,
      undefined,
      // A page elsewhere claiming to be x: trusted, it would merge into x's story and never alert.
      [{ site: otherSite, items: [{ slug: other, title: 'Envoy before Congress', respond: served(page('Envoy before Congress', STORIES[2]!, xUrl)) }] }],
    );
    await pollNow(worker);
    await waitFor(() => logs.filter((l) => l.msg === 'article matched').length === 3, 20_000);
    await waitFor(async () => {
      const c = await worker.queues.alert.getJobCounts('waiting', 'active', 'delayed');
      return (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) === 0 && receiver.alerts.length >= 2;
    }, 20_000);

    // The same-site canonical merged "same" into x's story; the other site's claim was ignored.
    expect(receiver.alerts).toHaveLength(2);
    const otherAlert = receiver.alerts.find((a) => a.body.data.article.url === `${otherSite.url}/news/${other}`);
    expect(otherAlert?.body.data.article.canonicalUrl).toBe(xUrl);
    const local = receiver.alerts.find((a) => a !== otherAlert)!;
    expect([xUrl, `${site.url}/news/${same}`]).toContain(local.body.data.article.url);

    // The merged copy says why it queued nothing.
    const merged = logs.find((l: LogLine) => l.msg === 'article matched' && l.alertsQueued === 0);
    expect(merged?.why).toMatch(/already alerted for these people/);
  });

  it('delivery log lines say what happens next: retry, last attempt, dead-lettered with the command to see it', async () => {
    const receiver = await startReceiver({ respond: () => ({ status: 500 }) });
    closers.push(receiver.close);
    const { worker, logs } = await start(
      [{ slug: `dl-${tag()}`, title: 'Envoy heads to Cairo', paragraphs: STORIES[0] }],
      `${receiver.url}/hook`,
      '    retry: { attempts: 2, initialDelay: 1s, maxDelay: 1s }',
    );
    await pollNow(worker);
    await waitFor(() => logs.some((l) => l.msg === DEAD_LETTERED), 20_000);

    const delivery = logs.filter((l) => /^alert (delivery|dead|refused)/.test(l.msg));
    expect(delivery.map((l) => [l.msg, l.attempt])).toEqual([
      ['alert delivery failed: will retry', 1],
      ['alert delivery failed on its last attempt', 2],
      [DEAD_LETTERED, undefined],
    ]);
    expect(DEAD_LETTERED).toContain('`newswatch alerts failed`');
    expect(delivery[2]).toMatchObject({ webhookId: 'ops', err: 'webhook: receiver answered 500' });
    expect(logs.some((l) => l.msg === 'job failed for good')).toBe(false);
  });
});
