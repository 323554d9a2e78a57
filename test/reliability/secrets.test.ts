/**
 * A secret never appears in a log line. The worker runs as `newswatch run`
 * (its own process, its production logger, LOG_LEVEL=debug) with webhook URLs
 * that carry tokens and a known signing secret, both from the environment as
 * SPEC shows; deliveries fail (500, then 400, then a refused connection) and
 * succeed; then every byte the process wrote, and `newswatch alerts failed`,
 * is searched for each secret.
 *
 * Config errors that would echo a secret are covered in
 * test/config/secrets.test.ts (a bad secret, a bad URL, the summary).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET } from '../helpers/receiver.js';
import { runCli } from '../helpers/cli.js';
import { startTestRedis } from '../helpers/redis.js';
import { startNewsSite } from '../helpers/news-site.js';
import { promotePolls, spawnWorkerProcess, writeConfig, type WorkerProcess } from './support.js';
import { startReceiver } from '../helpers/receiver.js';
import { waitFor } from '../helpers/wait.js';

const PATH_TOKEN = 'tok_PathT0ken9f8e7d6c5b4a';
const QUERY_TOKEN = 'tok_QueryT0ken1a2b3c4d5e6f';
const DEAD_TOKEN = 'tok_DeadT0ken0099887766';
const REFUSED_TOKEN = 'tok_RefusedT0ken55443322';
const SECRET_B64 = TEST_SECRET.slice('whsec_'.length);
const SECRET_KEY = Buffer.from(SECRET_B64, 'base64').toString('latin1');

describe('secrets stay out of logs (a full worker process)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let ops: Awaited<ReturnType<typeof startReceiver>>;
  let dead: Awaited<ReturnType<typeof startReceiver>>;
  let proc: WorkerProcess | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startNewsSite();
    ops = await startReceiver({ respond: (n) => ({ status: n < 2 ? 500 : 204 }) });
    dead = await startReceiver({ respond: () => ({ status: 400 }) });
    // A port with nothing listening: connection refused.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));

    site.setFeed('/world.xml', [{ slug: 'envoy', title: 'Steve Witkoff meets Khalil al-Hayya', paragraphs: ['Steve Witkoff met Khalil al-Hayya in Doha.'] }]);
    const configPath = await writeConfig({
      feeds: [{ url: site.feedUrl('/world.xml'), interval: '24h' }],
      webhookUrl: '${ALERT_WEBHOOK_URL}',
      retry: '    retry: { attempts: 5, initialDelay: 1s, maxDelay: 2s }',
      extraWebhooks: [
        '  - id: dead',
        '    url: ${DEAD_WEBHOOK_URL}',
        '    secret: ${ALERT_WEBHOOK_SECRET}',
        '  - id: refused',
        '    url: ${REFUSED_WEBHOOK_URL}',
        '    secret: ${ALERT_WEBHOOK_SECRET}',
        '    timeout: 1s',
        '    retry: { attempts: 2, initialDelay: 1s, maxDelay: 1s }',
        '',
      ].join('\n'),
      notify: ['ops', 'dead', 'refused'],
      replace: [[`secret: ${TEST_SECRET}`, 'secret: ${ALERT_WEBHOOK_SECRET}']],
    });
    env = {
      CONFIG_PATH: configPath,
      REDIS_URL: redis.url,
      LOG_LEVEL: 'debug',
      ALERT_WEBHOOK_URL: `${ops.url}/hooks/${PATH_TOKEN}?token=${QUERY_TOKEN}`,
      DEAD_WEBHOOK_URL: `${dead.url}/hooks/${DEAD_TOKEN}`,
      REFUSED_WEBHOOK_URL: `http://127.0.0.1:${closedPort}/hooks/${REFUSED_TOKEN}`,
      ALERT_WEBHOOK_SECRET: TEST_SECRET,
    };
  });

  afterAll(async () => {
    await proc?.kill('SIGKILL');
    await site?.close();
    await ops?.close();
    await dead?.close();
    await redis?.stop();
  });

  it('neither the webhook tokens nor the signing secret appear in any log line, failed or delivered', async () => {
    proc = spawnWorkerProcess(env);
    await waitFor(() => proc!.lines().some((l) => l.msg === 'newswatch running'), 20_000);
    await waitFor(async () => (await promotePolls(redis.url)) > 0, 10_000);

    // ops: 500, 500, then 204; dead: 400 (dead-lettered at once); refused: ECONNREFUSED twice, then dead-lettered.
    await waitFor(() => ops.delivered().length === 1, 20_000);
    await waitFor(() => dead.attempts.length === 1, 10_000);
    await waitFor(() => proc!.lines().filter((l) => l.msg === 'job failed for good').length >= 2, 15_000);
    await proc.kill('SIGTERM');
    expect(await proc.exited).toBe(0);

    const lines = proc.lines();
    // The failures really happened and were logged (so there was something to leak).
    expect(lines.filter((l) => l.msg === 'alert delivery failed: will retry' && l.webhookId === 'ops')).toHaveLength(2);
    expect(lines.find((l) => l.msg === 'alert delivery failed: will retry' && l.webhookId === 'refused')?.reason).toBe('webhook: network error (ECONNREFUSED)');
    expect(lines.find((l) => l.msg === 'alert refused by its webhook: dead-lettered')).toMatchObject({ webhookId: 'dead', status: 400 });
    expect(lines.find((l) => l.msg === 'alert delivered')).toMatchObject({ webhookId: 'ops', status: 204 });
    expect(ops.attempts.map((a) => a.status)).toEqual([500, 500, 204]);
    expect(new Set(ops.attempts.map((a) => a.id)).size).toBe(1);

    const failed = runCli(['alerts', 'failed'], { CONFIG_PATH: env.CONFIG_PATH, REDIS_URL: redis.url });
    expect(failed.code).toBe(0);
    expect(failed.stdout).toMatch(/2 dead-lettered alert\(s\)/);

    const everything = proc.text() + failed.stdout + failed.stderr;
    expect(everything.length).toBeGreaterThan(1000);
    for (const secret of [PATH_TOKEN, QUERY_TOKEN, DEAD_TOKEN, REFUSED_TOKEN, TEST_SECRET, SECRET_B64, SECRET_KEY]) {
      expect(everything, secret).not.toContain(secret);
    }
  }, 60_000);
});
