import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runAlertsCommand } from '../../workers/commands/alerts.js';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { writeTestConfig } from '../helpers/config.js';
import { waitFor } from '../helpers/wait.js';
import { startNewsSite } from '../helpers/news-site.js';
import { startTestRedis } from '../helpers/redis.js';
import { NTFY_TOKEN, rateLimited, SERVICE_SECRETS, startServiceReceiver, startSmtpReceiver, type Answer, type ServiceKind } from '../helpers/services.js';
import { pollNow, startLoggedWorker, startTestWorker } from '../helpers/worker.js';

const STORY = JSON.parse(readFileSync(new URL('../fixtures/alert/witkoff-story.json', import.meta.url), 'utf8')) as string[];
const RETRY = '    retry: { attempts: 6, initialDelay: 1s, maxDelay: 2s }';

/**
 * Each format through the real worker: a 429 carrying the service's own
 * retry hint, then a 5xx, then a refusal (dead letter), then `alerts retry`
 * once the service takes it again. One message per story and target, the
 * same content every time.
 */
describe('chat, push and email targets through the worker (real Redis, loopback services)', () => {
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

  async function start(targetYaml: string) {
    const path = `/feed-${randomUUID().slice(0, 8)}.xml`;
    site.setFeed(path, [{ slug: `envoy-${randomUUID().slice(0, 8)}`, title: 'Envoy heads to Cairo', paragraphs: STORY }]);
    const configPath = await writeTestConfig({
      feeds: [{ url: site.feedUrl(path) }],
      webhookUrl: 'http://127.0.0.1:9/unused',
      notify: ['chat'],
      extraWebhooks: targetYaml + RETRY + '\n',
    });
    const prefix = `{t-${randomUUID().slice(0, 8)}}`;
    const worker = await startTestWorker(configPath, redis.url, prefix);
    running.push(worker);
    return { worker, prefix };
  }

  async function deadLetterThenRetry(worker: RunningWorker, prefix: string, fixed: () => void) {
    await waitFor(async () => (await worker.queues.alert.getJobCounts('failed')).failed === 1, 20_000);
    const [dead] = await worker.queues.alert.getFailed();
    for (const s of SERVICE_SECRETS) expect(dead!.failedReason).not.toContain(s);
    const out: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      expect(await runAlertsCommand(['failed'], { configPath: '', redisUrl: redis.url, log: pino({ level: 'silent' }), prefix })).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    expect(out.join('')).toContain('Envoy heads to Cairo');
    for (const s of SERVICE_SECRETS) expect(out.join('')).not.toContain(s);
    fixed();
    expect(await runAlertsCommand(['retry', '--all'], { configPath: '', redisUrl: redis.url, log: pino({ level: 'silent' }), prefix })).toBe(0);
  }

  it.each(['discord', 'teams', 'telegram', 'ntfy'] as const)('%s: 429 with its hint, 5xx, dead letter, then `alerts retry` delivers once', async (kind: ServiceKind) => {
    let fixed = false;
    const script = (n: number): Answer => (n === 0 ? rateLimited(kind, 1.5) : n === 1 ? { status: 500 } : fixed ? 'accept' : { status: 400, body: { error: 'refused' } });
    const service = await startServiceReceiver(kind, script);
    closers.push(service.close);
    const extra =
      kind === 'telegram' ? '    chatId: -1001234567890\n' : kind === 'ntfy' ? `    token: ${NTFY_TOKEN}\n` : '';
    const { worker, prefix } = await start(`  - id: chat\n    url: ${service.targetUrl}\n    format: ${kind}\n    allowPrivateNetwork: true\n${extra}`);
    await pollNow(worker);
    await waitFor(() => service.requests.length >= 2, 20_000);
    // The service asked for 1.5 s (Discord and Telegram in the JSON body, the others in Retry-After, rounded up to 2 s).
    expect(service.requests[1]!.at - service.requests[0]!.at).toBeGreaterThanOrEqual(1_500);
    if (kind === 'telegram') {
      // A group chat gets at most 20 messages a minute: every attempt is paced 3 s apart.
      await waitFor(() => service.requests.length >= 3, 20_000);
      expect(service.requests[2]!.at - service.requests[1]!.at).toBeGreaterThanOrEqual(3_000);
    }
    await deadLetterThenRetry(worker, prefix, () => (fixed = true));
    await waitFor(() => service.delivered.length === 1, 15_000);
    await waitFor(async () => (await worker.queues.alert.getJobCounts('completed')).completed === 1, 5_000);
    expect(service.delivered).toHaveLength(1);
    expect(service.problems).toEqual([]);
    // Every attempt carried the same message.
    expect(new Set(service.requests.map((r) => r.raw)).size).toBe(1);
    // ntfy carries the headline in its Title header, the others in the body.
    const shown = kind === 'ntfy' ? String(service.delivered[0]!.headers.title) : service.delivered[0]!.raw;
    expect(shown).toContain('Envoy heads to Cairo');
  });

  it('email: 4xx retried, 5xx dead-lettered, `alerts retry` sends it once', async () => {
    let fixed = false;
    const smtp = await startSmtpReceiver((n) => (n === 0 ? 451 : fixed ? undefined : 550));
    closers.push(smtp.close);
    const { worker, prefix } = await start(
      `  - id: chat\n    url: ${smtp.url}\n    format: email\n    from: alerts@example.com\n    to: [desk@example.com]\n    allowPrivateNetwork: true\n`,
    );
    await pollNow(worker);
    await deadLetterThenRetry(worker, prefix, () => (fixed = true));
    await waitFor(() => smtp.mails.length === 1, 15_000);
    expect(smtp.attempts).toBe(3);
    expect(smtp.mails[0]!.to).toEqual(['desk@example.com']);
    expect(smtp.mails[0]!.parsed.subject).toBe('Steve Witkoff: Envoy heads to Cairo');
    expect(smtp.mails[0]!.parsed.html).toContain('Envoy heads to Cairo</a>');
  });

  it('logs deliveries, retries and dead letters without a bot token, ntfy token or SMTP password', async () => {
    const telegram = await startServiceReceiver('telegram', (n) => (n === 0 ? rateLimited('telegram', 1) : { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } }));
    const ntfy = await startServiceReceiver('ntfy');
    const smtp = await startSmtpReceiver(() => 535);
    closers.push(telegram.close, ntfy.close, smtp.close);
    const path = `/feed-${randomUUID().slice(0, 8)}.xml`;
    site.setFeed(path, [{ slug: `logged-${randomUUID().slice(0, 8)}`, title: 'Envoy heads to Cairo', paragraphs: STORY }]);
    const configPath = await writeTestConfig({
      feeds: [{ url: site.feedUrl(path) }],
      webhookUrl: 'http://127.0.0.1:9/unused',
      notify: ['tg', 'push', 'mail'],
      extraWebhooks:
        `  - id: tg\n    url: ${telegram.targetUrl}\n    format: telegram\n    chatId: "12345"\n    allowPrivateNetwork: true\n${RETRY}\n` +
        `  - id: push\n    url: ${ntfy.targetUrl}\n    format: ntfy\n    token: ${NTFY_TOKEN}\n    allowPrivateNetwork: true\n${RETRY}\n` +
        `  - id: mail\n    url: ${smtp.url}\n    format: email\n    from: a@example.com\n    to: [b@example.com]\n    allowPrivateNetwork: true\n${RETRY}\n`,
    });
    const { worker, logs } = await startLoggedWorker(configPath, redis.url);
    running.push(worker);
    await pollNow(worker);
    await waitFor(() => ntfy.delivered.length === 1, 15_000);
    await waitFor(async () => (await worker.queues.alert.getJobCounts('failed')).failed === 2, 20_000);
    const text = logs.map((l) => JSON.stringify(l)).join('\n');
    expect(logs.some((l) => l.msg === 'alert delivery failed: will retry' && l.webhookId === 'tg' && l.retryAfterMs === 1_000)).toBe(true);
    expect(logs.some((l) => l.msg === 'alert refused by its webhook: dead-lettered' && l.webhookId === 'mail' && /^email: server answered 535/.test(l.reason))).toBe(true);
    expect(logs.some((l) => l.msg === 'alert delivered' && l.webhookId === 'push' && l.format === 'ntfy')).toBe(true);
    for (const s of SERVICE_SECRETS) expect(text).not.toContain(s);
  });
});
