/**
 * redis-server killed with SIGKILL and restarted from its append-only file
 * while the worker runs: the worker reconnects by itself, reports not-ready
 * meanwhile, and carries on; the alert queued before the crash (its receiver
 * was answering 503) is delivered once, under its original id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { startNewsSite } from '../helpers/news-site.js';
import { startRedisProcess, type RedisProcess } from './redis-process.js';
import { pollAndWait, writeConfig } from './support.js';
import { memoryLogger, startLoggedWorker, waitForIdle } from '../helpers/worker.js';
import { startReceiver, type Receiver } from '../helpers/receiver.js';
import { waitFor } from '../helpers/wait.js';

describe('redis-server killed (SIGKILL) and restarted with its AOF', () => {
  let redis: RedisProcess;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let receiver: Receiver;
  let worker: RunningWorker;
  const logger = memoryLogger();
  let receiverUp = false;

  const readyz = async (): Promise<number> => {
    const { port } = worker.server.address() as { port: number };
    try {
      return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3_000) })).status;
    } catch {
      return 0;
    }
  };

  beforeAll(async () => {
    redis = await startRedisProcess();
    site = await startNewsSite();
    receiver = await startReceiver({ respond: () => ({ status: receiverUp ? 204 : 503 }) });
    site.setFeed('/world.xml', [{ slug: 'before-crash', title: 'Steve Witkoff before the crash', paragraphs: ['Steve Witkoff met Khalil al-Hayya before the crash.'] }]);
    const configPath = await writeConfig({
      // 10 s: the schedulers keep polling on their own through the crash.
      feeds: [{ url: site.feedUrl('/world.xml'), interval: '10s' }],
      webhookUrl: `${receiver.url}/hook`,
      retry: '    retry: { attempts: 20, initialDelay: 1s, maxDelay: 2s }',
    });
    worker = (await startLoggedWorker(configPath, redis.url, { logger })).worker;
  });

  afterAll(async () => {
    await worker?.stop();
    await site?.close();
    await receiver?.close();
    await redis?.stop();
  });

  it('reconnects by itself, then delivers the alert queued before the crash, once, and carries on', async () => {
    await pollAndWait(worker, site.feedUrl('/world.xml'));
    // The alert is queued and failing (503): it sits in Redis, waiting for its next attempt.
    await waitFor(() => receiver.attempts.length >= 2, 10_000);
    const queuedId = receiver.attempts[0]!.id;
    expect(await readyz()).toBe(200);

    await redis.crash();
    await waitFor(async () => (await readyz()) === 503, 5_000);
    // Down until the alert's next attempt is due (maxDelay 2 s after its last), so a retry meets the outage.
    const retryDueAt = receiver.attempts.at(-1)!.receivedAt + 2_000;
    await waitFor(() => Date.now() > retryDueAt, 5_000);
    await redis.restart();
    await waitFor(async () => (await readyz()) === 200, 15_000);

    receiverUp = true;
    await waitFor(() => receiver.delivered().length >= 1, 15_000);
    expect(receiver.delivered()[0]!.id).toBe(queuedId);

    // Carries on: a story published after the restart goes poll → alert.
    site.setFeed('/world.xml', [
      { slug: 'after-restart', title: 'Steve Witkoff after the restart', paragraphs: ['Steve Witkoff met Khalil al-Hayya after the restart.'] },
      { slug: 'before-crash', title: 'Steve Witkoff before the crash', paragraphs: ['Steve Witkoff met Khalil al-Hayya before the crash.'] },
    ]);
    await pollAndWait(worker, site.feedUrl('/world.xml'));
    await waitFor(() => receiver.delivered().length >= 2, 15_000);
    await waitForIdle(worker.queues); // a duplicate would have been sent by now

    const delivered = receiver.delivered();
    expect(delivered).toHaveLength(2);
    expect(new Set(delivered.map((a) => a.id)).size).toBe(2);
    expect(delivered.map((a) => a.body.data.article.url.replace(/^.*\/news\//, '')).sort()).toEqual(['after-restart', 'before-crash']);
    // Every failed attempt before and after the crash carried the same id.
    for (const a of receiver.attempts.filter((a) => a.body.data.article.url.includes('before-crash'))) expect(a.id).toBe(queuedId);
    expect(await worker.queues.alert.getFailedCount()).toBe(0);
    // The outage was logged, and the workers kept running.
    expect(logger.lines.some((l) => l.msg === 'redis connection error')).toBe(true);
    expect(await readyz()).toBe(200);
  }, 60_000);
});
