import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { Queue } from 'bullmq';
import { startWorker, type RunOptions, type RunningWorker } from '../../workers/main.js';
import type { PollJobData } from '../../workers/queues.js';
import { keys } from '../../src/state/keys.js';

/** The worker as `newswatch run` starts it, on a test Redis, with a fresh queue prefix and a free port. */
export function startTestWorker(configPath: string, redisUrl: string, prefix = `{nwtest-${randomUUID().slice(0, 8)}}`): Promise<RunningWorker> {
  return startWorker({
    configPath,
    redisUrl,
    port: 0,
    prefix,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  });
}

export type LogLine = Record<string, any>;

/**
 * The worker with its log captured as parsed JSON lines, for tests that
 * assert on what an operator would read; `base` is its HTTP server.
 */
export async function startLoggedWorker(
  configPath: string,
  redisUrl: string,
  extra: Partial<RunOptions> = {},
): Promise<{ worker: RunningWorker; logs: LogLine[]; base: string }> {
  const logs: LogLine[] = [];
  const worker = await startWorker({
    configPath,
    redisUrl,
    port: 0,
    prefix: `{nwtest-${randomUUID().slice(0, 8)}}`,
    log: pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) }),
    ...extra,
  });
  const port = (worker.server.address() as { port: number }).port;
  return { worker, logs, base: `http://127.0.0.1:${port}` };
}

/**
 * Runs a feed's next scheduled poll now instead of waiting for its slot
 * (the scheduler's delayed job is promoted; BullMQ does the rest), after
 * clearing the once-per-interval guard as if the interval had passed.
 */
export async function pollNow(worker: RunningWorker, feedId?: string): Promise<number> {
  const queue: Queue<PollJobData> = worker.queues.poll;
  const delayed = await queue.getDelayed();
  let promoted = 0;
  for (const job of delayed) {
    if (feedId && job.data.feedId !== feedId) continue;
    await worker.runtime.redis.del(keys.pollGuard(job.data.feedId));
    await job.promote();
    promoted += 1;
  }
  return promoted;
}
