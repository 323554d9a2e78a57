import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { startWorker, type RunOptions, type RunningWorker } from '../../workers/runtime/start.js';

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

/** Runs a feed's next scheduled poll now instead of waiting for its slot (the worker's own hook). */
export function pollNow(worker: RunningWorker, feedId?: string): Promise<number> {
  return worker.pollNow(feedId);
}
