import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { digestId, digestWindowAt, windowKey } from '../../src/alert/digest-window.js';
import { parseDigest } from '../../src/config/digest.js';
import { gatherAlert, sealDigest } from '../../workers/state/digests.js';
import { keys } from '../../workers/state/keys.js';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { runAlertsCommand } from '../../workers/commands/alerts.js';
import { pino } from 'pino';
import { writeTestConfig } from '../helpers/config.js';
import { waitFor } from '../helpers/wait.js';
import { startNewsSite } from '../helpers/news-site.js';
import { startReceiver, TEST_SECRET } from '../helpers/receiver.js';
import { startTestRedis } from '../helpers/redis.js';
import { startServiceReceiver } from '../helpers/services.js';
import { pollNow, startTestWorker } from '../helpers/worker.js';
import { witkoff } from '../alert/formats/helpers.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/alert/${name}`, import.meta.url), 'utf8'));
const WITKOFF = fixture('witkoff-story.json') as string[];
const { kushner: KUSHNER, hayya: HAYYA } = fixture('digest-stories.json') as Record<string, string[]>;

describe('digests (real Redis)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let client: Redis;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  const running: RunningWorker[] = [];
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    client = new Redis(redis.url);
    site = await startNewsSite();
  });
  afterEach(async () => {
    while (running.length) await running.pop()!.stop();
    while (closers.length) await closers.pop()!();
    // The cases tell related stories: forget them, or a later case sees a duplicate (as it should).
    await client.flushall();
  });
  afterAll(async () => {
    client?.disconnect();
    await site?.close();
    await redis?.stop();
  });

  it('a window takes each alert once until it is sealed; after that it takes none', async () => {
    const hook = `h-${randomUUID().slice(0, 8)}`;
    const window = digestWindowAt(parseDigest('1h'), Date.parse('2026-12-01T07:10:00Z'));
    const alert = (id: string, queuedAt: number) => ({ alertId: id, data: witkoff.data, queuedAt });
    expect(await gatherAlert(client, hook, window, alert('msg_b', 2))).toBe(true);
    expect(await gatherAlert(client, hook, window, alert('msg_a', 1))).toBe(true);
    expect(await gatherAlert(client, hook, window, alert('msg_a', 3))).toBe(true); // a retried article job: same field, kept once
    const sealed = await sealDigest(client, hook, window);
    expect(sealed.map((a) => a.alertId)).toEqual(['msg_a', 'msg_b']);
    expect(await gatherAlert(client, hook, window, alert('msg_c', 4))).toBe(false);
    // Reading again (a retry of the digest) gives the same alerts.
    expect((await sealDigest(client, hook, window)).map((a) => a.alertId)).toEqual(['msg_a', 'msg_b']);
    expect(await client.pttl(keys.digestAlerts(hook, windowKey(window.start)))).toBeGreaterThan(29 * 24 * 3600_000);
  });

  it('a window with a worker restart in the middle sends exactly one digest per target with every alert, retried under one id', async () => {
    const WINDOW_MS = 30_000;
    const digestReceiver = await startReceiver({ respond: (attempt) => ({ status: attempt === 0 ? 503 : 204 }) });
    closers.push(digestReceiver.close);
    const telegram = await startServiceReceiver('telegram');
    closers.push(telegram.close);
    const tag = randomUUID().slice(0, 8);
    const feedA = `/digest-a-${tag}.xml`;
    const feedB = `/digest-b-${tag}.xml`;
    site.setFeed(feedA, [
      { slug: `witkoff-${tag}`, title: 'Envoy heads to Cairo', paragraphs: WITKOFF },
      { slug: `kushner-${tag}`, title: 'Kushner in Riyadh', paragraphs: KUSHNER },
    ]);
    site.setFeed(feedB, []);
    const retry = '    retry: { attempts: 5, initialDelay: 1s, maxDelay: 2s }\n';
    const configPath = await writeTestConfig({
      feeds: [{ url: site.feedUrl(feedA) }, { url: site.feedUrl(feedB) }],
      webhookUrl: 'http://127.0.0.1:9/unused',
      notify: ['half-minute', 'tg'],
      extraWebhooks:
        `  - id: half-minute\n    url: ${digestReceiver.url}/digest\n    secret: ${TEST_SECRET}\n    digest: 30s\n${retry}` +
        `  - id: tg\n    url: ${telegram.targetUrl}\n    format: telegram\n    chatId: -100123\n    digest: 30s\n    allowPrivateNetwork: true\n${retry}`,
    });
    const prefix = `{t-${tag}}`;

    // Start near the beginning of a window, so the whole scenario fits in it.
    await waitFor(() => Date.now() % WINDOW_MS < 3_000, WINDOW_MS + 1_000, 100);
    const window = digestWindowAt({ kind: 'every', ms: WINDOW_MS }, Date.now());
    const gathered = (hook: string) => client.hlen(keys.digestAlerts(hook, windowKey(window.start)));

    let worker = await startTestWorker(configPath, redis.url, prefix);
    running.push(worker);
    await pollNow(worker);
    await waitFor(async () => (await gathered('half-minute')) === 2 && (await gathered('tg')) === 2, 10_000);
    expect(digestReceiver.attempts).toHaveLength(0);
    await running.pop()!.stop();

    site.setFeed(feedB, [{ slug: `hayya-${tag}`, title: 'Al-Hayya arrives in Doha', paragraphs: HAYYA }]);
    worker = await startTestWorker(configPath, redis.url, prefix);
    running.push(worker);
    await pollNow(worker);
    await waitFor(async () => (await gathered('half-minute')) === 3 && (await gathered('tg')) === 3, 10_000);
    expect(Date.now()).toBeLessThan(window.end);

    await waitFor(() => digestReceiver.alerts.length === 1 && telegram.delivered.length === 1, WINDOW_MS + 10_000);
    await waitFor(async () => (await worker.queues.alert.getJobCounts('completed')).completed === 2, 5_000);
    const counts = await worker.queues.alert.getJobCounts('waiting', 'delayed', 'active', 'failed');
    expect(counts).toEqual({ waiting: 0, delayed: 0, active: 0, failed: 0 });

    const id = digestId('half-minute', window.start);
    expect(digestReceiver.attempts.map((a) => [a.id, a.status])).toEqual([[id, 503], [id, 204]]);
    expect(digestReceiver.alerts).toHaveLength(1);
    const body = digestReceiver.alerts[0]!.body;
    expect(body.type).toBe('digest');
    expect(body.timestamp).toBe(new Date(window.end).toISOString());
    expect(body.data.webhook).toEqual({ id: 'half-minute' });
    expect(body.data.window).toEqual({ start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() });
    expect(body.data.alerts.map((a: any) => a.article.title).sort()).toEqual(['Al-Hayya arrives in Doha', 'Envoy heads to Cairo', 'Kushner in Riyadh']);
    expect(body.data.alerts[0].matches[0].snippets.length).toBeGreaterThan(0);

    expect(telegram.delivered).toHaveLength(1);
    expect(telegram.problems).toEqual([]);
    const text = telegram.delivered[0]!.body.text as string;
    expect(text).toMatch(/^<b>newswatch digest<\/b>: 3 stories/);
    for (const name of ['Steve Witkoff', 'Jared Kushner', 'Khalil al-Hayya']) expect(text).toContain(`<b>${name}`);
  }, 90_000);

  it('a refused digest is dead-lettered, listed by `alerts failed` and sent again by `alerts retry` under the same id', async () => {
    let refuse = true;
    const receiver = await startReceiver({ respond: () => ({ status: refuse ? 400 : 204 }) });
    closers.push(receiver.close);
    const tag = randomUUID().slice(0, 8);
    const feed = `/digest-dead-${tag}.xml`;
    site.setFeed(feed, [{ slug: `dead-${tag}`, title: 'Kushner in Riyadh again', paragraphs: KUSHNER }]);
    const configPath = await writeTestConfig({
      feeds: [{ url: site.feedUrl(feed) }],
      webhookUrl: 'http://127.0.0.1:9/unused',
      notify: ['tenner'],
      extraWebhooks: `  - id: tenner\n    url: ${receiver.url}/digest\n    secret: ${TEST_SECRET}\n    digest: 10s\n    retry: { attempts: 3, initialDelay: 1s, maxDelay: 1s }\n`,
    });
    const prefix = `{t-${tag}}`;
    const worker = await startTestWorker(configPath, redis.url, prefix);
    running.push(worker);
    await pollNow(worker);
    await waitFor(async () => (await worker.queues.alert.getJobCounts('failed')).failed === 1, 30_000);
    expect(receiver.attempts).toHaveLength(1);
    const [dead] = await worker.queues.alert.getFailed();
    expect(dead!.id).toMatch(/^digest_tenner_\d{8}T\d{6}Z$/);
    expect(dead!.failedReason).toBe('webhook: receiver answered 400');

    const out: string[] = [];
    let listed = '';
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    const log = pino({ level: 'silent' });
    try {
      expect(await runAlertsCommand(['failed'], { configPath: '', redisUrl: redis.url, log, prefix, json: true })).toBe(0);
      listed = out.splice(0).join('');
      refuse = false;
      expect(await runAlertsCommand(['retry', dead!.id!], { configPath: '', redisUrl: redis.url, log, prefix })).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    // `alerts failed --json`: the dead digest with its target, kind, attempts, last error and window.
    const [row, ...more] = JSON.parse(listed);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ id: dead!.id, webhook: 'tenner', watchlist: '(digest)', attempts: 1, lastError: 'webhook: receiver answered 400' });
    expect(row.title).toMatch(/^digest of \S+Z to \S+Z$/);
    await waitFor(() => receiver.alerts.length === 1, 15_000);
    expect(receiver.alerts[0]!.id).toBe(dead!.id);
    expect(receiver.alerts[0]!.body.data.alerts.map((a: any) => a.article.title)).toEqual(['Kushner in Riyadh again']);
  }, 60_000);
});
