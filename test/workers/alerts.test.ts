import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite, type SiteItem } from '../helpers/news-site.js';
import { pollNow, startTestWorker, waitForIdle } from '../helpers/worker.js';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { runAlertsCommand } from '../../workers/commands/alerts.js';
import { pino } from 'pino';

const SHORT_RETRY = '    retry: { attempts: 6, initialDelay: 1s, maxDelay: 2s }';

const WITKOFF_STORY = [
  'Steve Witkoff, the U.S. special envoy, will travel to Cairo next week for talks on the ceasefire, officials said on Tuesday.',
  'Witkoff is expected to meet Egyptian and Qatari mediators, and the talks could last several days according to two people familiar with the plans.',
  'The envoy has made several trips to the region this year, and his office declined to comment on the agenda of the meetings.',
];

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('alert delivery (real Redis, real receiver verifying signatures)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  const running: RunningWorker[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startNewsSite();
  });
  afterEach(async () => {
    while (running.length) await running.pop()!.stop();
    while (closers.length) await closers.pop()!();
    // Each case tells the same story: forget it, or the next case sees a duplicate (as it should).
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    await client.flushall();
    client.disconnect();
  });
  afterAll(async () => {
    await site?.close();
    await redis?.stop();
  });

  const tag = () => randomUUID().slice(0, 8);

  async function setup(
    items: SiteItem[] | SiteItem[][],
    webhookUrl: string,
    opts: { prefix?: string; retry?: string; extraWebhooks?: string; notify?: string[]; extraWatchlists?: string; feedWatchlists?: string[][] } = {},
  ) {
    const feeds = (Array.isArray(items[0]) ? items : [items]) as SiteItem[][];
    const paths = feeds.map((f) => {
      const path = `/feed-${tag()}.xml`;
      site.setFeed(path, f);
      return path;
    });
    const configPath = await writeTestConfig({
      feeds: paths.map((p, i) => ({ url: site.feedUrl(p), watchlists: opts.feedWatchlists?.[i] })),
      webhookUrl,
      retry: opts.retry ?? SHORT_RETRY,
      extraWebhooks: opts.extraWebhooks,
      notify: opts.notify,
      extraWatchlists: opts.extraWatchlists,
    });
    const prefix = opts.prefix ?? `{t-${tag()}}`;
    const worker = await startTestWorker(configPath, redis.url, prefix);
    running.push(worker);
    return { worker, configPath, prefix, paths };
  }

  it('retries 500, 503 and then delivers, with the same webhook-id each time', async () => {
    const receiver = await startReceiver({ respond: (attempt) => ({ status: attempt === 0 ? 500 : attempt === 1 ? 503 : 204 }) });
    closers.push(receiver.close);
    const { worker } = await setup([{ slug: `retry-${tag()}`, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY }], `${receiver.url}/hook`);
    await pollNow(worker);
    await waitFor(() => receiver.alerts.length === 1, 20_000);
    expect(receiver.attempts.map((a) => a.status)).toEqual([500, 503, 204]);
    expect(new Set(receiver.attempts.map((a) => a.id)).size).toBe(1);
    expect(receiver.stats.badSignatures).toBe(0);
  });

  it('retries a refused connection until the receiver comes up', async () => {
    const port = await freePort();
    const { worker } = await setup([{ slug: `refused-${tag()}`, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY }], `http://127.0.0.1:${port}/hook`);
    await pollNow(worker);
    await waitFor(async () => (await worker.queues.alert.getJobCounts('delayed')).delayed === 1, 10_000);
    const receiver = await startReceiver({ port });
    closers.push(receiver.close);
    await waitFor(() => receiver.alerts.length === 1, 20_000);
    expect(receiver.alerts[0]!.body.data.matches[0].entityId).toBe('steve-witkoff');
  });

  it('waits at least Retry-After on a 429', async () => {
    const receiver = await startReceiver({ respond: (attempt) => (attempt === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 204 }) });
    closers.push(receiver.close);
    const { worker } = await setup([{ slug: `429-${tag()}`, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY }], `${receiver.url}/hook`);
    await pollNow(worker);
    await waitFor(() => receiver.alerts.length === 1, 20_000);
    const [first, second] = receiver.attempts;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(2_000);
    expect(second!.id).toBe(first!.id);
  });

  it('dead-letters a 400 at once; `alerts retry` sends it once the receiver is fixed', async () => {
    let broken = true;
    const receiver = await startReceiver({ respond: () => ({ status: broken ? 400 : 204 }) });
    closers.push(receiver.close);
    const { worker, prefix } = await setup([{ slug: `dead-${tag()}`, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY }], `${receiver.url}/hook`);
    await pollNow(worker);
    await waitFor(async () => (await worker.queues.alert.getJobCounts('failed')).failed === 1, 15_000);
    expect(receiver.attempts).toHaveLength(1);
    const [dead] = await worker.queues.alert.getFailed();
    expect(dead!.failedReason).toMatch(/400/);
    expect(dead!.failedReason).not.toContain(receiver.url);

    broken = false;
    const log = pino({ level: 'silent' });
    const code = await runAlertsCommand(['retry', '--all'], { configPath: '', redisUrl: redis.url, log, prefix });
    expect(code).toBe(0);
    await waitFor(() => receiver.alerts.length === 1, 15_000);
    expect(receiver.alerts[0]!.id).toBe(receiver.attempts[0]!.id);
    expect((await worker.queues.alert.getJobCounts('failed')).failed).toBe(0);
  });

  it('sends one alert for one story reached through two feeds, a tracking-parameter URL and a syndicated copy', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const slug = `wire-${tag()}`;
    const story = { slug, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY };
    // The same wire text re-posted under another URL by another outlet.
    const copy = { slug: `${slug}-syndicated`, title: 'Envoy heads to Cairo (wire)', paragraphs: [...WITKOFF_STORY, 'Reporting by the wire service.'] };
    const { worker } = await setup([[story], [story, copy]], `${receiver.url}/hook`);
    await pollNow(worker);
    await waitFor(() => site.count((r) => r.path === `/news/${copy.slug}`) === 1, 10_000);
    await waitFor(() => receiver.alerts.length >= 1, 10_000);
    await waitForIdle(worker.queues);
    expect(receiver.alerts).toHaveLength(1);
  });

  it('matches a story for the watchlists of every feed that carries it', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const story = { slug: `two-lists-${tag()}`, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY };
    const gulf = `  - id: gulf\n    entities:\n      - id: witkoff\n        name: Steve Witkoff\n    notify: [ops]\n`;
    const { worker } = await setup([[story], [story]], `${receiver.url}/hook`, { extraWatchlists: gulf, feedWatchlists: [['mideast'], ['gulf']] });
    // The second feed is read only after the first feed's article was processed.
    await pollNow(worker, worker.runtime.config.feeds[0]!.id);
    await waitFor(() => receiver.alerts.length === 1, 15_000);
    await pollNow(worker);
    await waitFor(() => receiver.alerts.length === 2, 15_000);
    expect(receiver.alerts.map((a) => a.body.data.watchlist.id).sort()).toEqual(['gulf', 'mideast']);
    expect(site.count((r) => r.path === `/news/${story.slug}`)).toBeLessThanOrEqual(2);
  });

  it("reads a story's watchlists from other feeds only when its own feed does not carry them all", async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const { Redis } = await import('ioredis');
    const client = new Redis(redis.url);
    closers.push(async () => client.disconnect());
    // Every read of the per-article set of watchlists, as Redis sees it.
    const reads: string[] = [];
    const monitor = await client.monitor();
    closers.push(async () => monitor.disconnect());
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'smembers' && args[1]?.includes(':article-watchlists:')) reads.push(args[1]);
    });
    const story = { slug: `all-lists-${tag()}`, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY };
    // One feed with the default: every watchlist of the config.
    const { worker } = await setup([story], `${receiver.url}/hook`);
    await pollNow(worker);
    await waitFor(() => receiver.alerts.length === 1, 15_000);
    await waitForIdle(worker.queues);
    // The poll reads the set once as it queues the article (other feeds' lists); the article job reads it no more.
    expect(reads).toHaveLength(1);
  });

  it('alerts again for a later copy only for the person the first did not name', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const slug = `follow-${tag()}`;
    const first = { slug, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY };
    const { worker, paths } = await setup([first], `${receiver.url}/hook`);
    await pollNow(worker);
    await waitFor(() => receiver.alerts.length === 1, 15_000);
    // An updated copy under another URL adds Jared Kushner.
    const update = {
      slug: `${slug}-update`,
      title: 'Envoy heads to Cairo',
      paragraphs: [...WITKOFF_STORY, 'Jared Kushner is also expected to attend the talks in Cairo.'],
    };
    site.setFeed(paths[0]!, [update, first]);
    await pollNow(worker);
    await waitFor(() => receiver.alerts.length === 2, 15_000);
    const second = receiver.alerts[1]!.body;
    expect(second.data.matches.map((m: { entityId: string }) => m.entityId)).toEqual(['jared-kushner']);
    expect(receiver.alerts[1]!.id).not.toBe(receiver.alerts[0]!.id);
  });

  it('loses nothing and sends nothing twice across a worker restart between queueing and delivery', async () => {
    let up = false;
    const receiver = await startReceiver({ respond: () => ({ status: up ? 204 : 503 }) });
    closers.push(receiver.close);
    const { worker, configPath, prefix } = await setup([{ slug: `restart-${tag()}`, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY }], `${receiver.url}/hook`, {
      retry: '    retry: { attempts: 10, initialDelay: 1s, maxDelay: 1s }',
    });
    await pollNow(worker);
    await waitFor(() => receiver.attempts.length >= 1, 15_000);
    await running.pop()!.stop();
    up = true;
    const again = await startTestWorker(configPath, redis.url, prefix);
    running.push(again);
    await waitFor(() => receiver.alerts.length === 1, 15_000);
    await waitForIdle(again.queues);
    expect(receiver.alerts).toHaveLength(1);
    expect(new Set(receiver.attempts.map((a) => a.id)).size).toBe(1);
  });

  it('posts a Slack-style message to a webhook with format: slack', async () => {
    const bodies: any[] = [];
    const { startTestServer } = await import('../helpers/http.js');
    const slack = await startTestServer((req, res, body) => {
      bodies.push({ headers: req.headers, body: JSON.parse(body.toString('utf8')) });
      res.writeHead(200).end('ok');
    });
    closers.push(slack.close);
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const { worker } = await setup([{ slug: `slack-${tag()}`, title: 'Envoy heads to Cairo', paragraphs: WITKOFF_STORY }], `${receiver.url}/hook`, {
      extraWebhooks: `  - id: chat\n    url: ${slack.url}/services/T0/B0/x\n    format: slack\n`,
      notify: ['ops', 'chat'],
    });
    await pollNow(worker);
    await waitFor(() => receiver.alerts.length === 1 && bodies.length === 1, 15_000);
    const message = bodies[0]!;
    expect(message.headers['webhook-signature']).toBeUndefined();
    expect(message.body.text).toContain('Envoy heads to Cairo');
    expect(message.body.text).toContain('Steve Witkoff');
    expect(message.body.text).toMatch(/<http:\/\/127\.0\.0\.1:\d+\/news\/slack-[^|>]+\|Envoy heads to Cairo>/);
  });
});
