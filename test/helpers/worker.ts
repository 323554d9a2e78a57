/**
 * The worker in tests: started as `newswatch run` starts it (in-process, on a
 * test Redis, a fresh queue prefix, a free port), silent or with its log kept
 * as parsed JSON lines for tests that assert on what an operator would read.
 */
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { startWorker, type RunOptions, type RunningWorker } from '../../workers/runtime/start.js';
import type { Queues } from '../../workers/runtime/queues.js';
import { waitFor } from './wait.js';

export interface LogLine {
  level: number;
  msg: string;
  time: number;
  [field: string]: any;
}

/** A fresh BullMQ prefix (with a hash tag, as on Redis Cluster), so tests sharing a Redis never share queues. */
export const freshPrefix = (): string => `{nwtest-${randomUUID().slice(0, 8)}}`;

export interface MemoryLogger {
  log: Logger;
  lines: LogLine[];
  text(): string;
}

/** A pino logger (debug and up) that keeps every line, parsed and raw. */
export function memoryLogger(): MemoryLogger {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const log = pino(
    { level: 'debug' },
    {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      },
    },
  );
  return { log, lines, text: () => raw.join('') };
}

/** The worker with its log silenced (TEST_LOG_LEVEL=debug shows it). */
export function startTestWorker(configPath: string, redisUrl: string, prefix = freshPrefix()): Promise<RunningWorker> {
  return startWorker({ configPath, redisUrl, port: 0, prefix, log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
}

export interface LoggedWorker {
  worker: RunningWorker;
  /** Every log line so far, parsed. */
  logs: LogLine[];
  /** The raw log, for dumping when a test fails. */
  text(): string;
  /** Its health/metrics server. */
  base: string;
}

/**
 * The worker with its log captured (into `logger`, when a test keeps one
 * across several workers); `extra` overrides any run option (prefix,
 * concurrency, stalledCheckMs...).
 */
export async function startLoggedWorker(
  configPath: string,
  redisUrl: string,
  { logger = memoryLogger(), ...extra }: Partial<RunOptions> & { logger?: MemoryLogger } = {},
): Promise<LoggedWorker> {
  const worker = await startWorker({ configPath, redisUrl, port: 0, prefix: freshPrefix(), log: logger.log, ...extra });
  const port = (worker.server.address() as { port: number }).port;
  return { worker, logs: logger.lines, text: logger.text, base: `http://127.0.0.1:${port}` };
}

/** Runs a feed's next scheduled poll now instead of waiting for its slot (the worker's own test hook). */
export function pollNow(worker: RunningWorker, feedId?: string): Promise<number> {
  return worker.pollNow(feedId);
}

/**
 * Waits until nothing is left that could still fetch a page or send an alert:
 * no poll waiting or running, no article or alert job waiting, running or
 * scheduled for a retry (each stage queues the next before it completes, so
 * there is no gap between them). A test that checks that something did NOT
 * happen (a duplicate alert, a second fetch) waits for this, then looks.
 */
export async function waitForIdle(queues: Pick<Queues, 'poll' | 'article' | 'alert'>, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    async () => {
      const counts = await Promise.all([
        queues.poll.getJobCounts('waiting', 'active', 'prioritized'),
        queues.article.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
        queues.alert.getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
      ]);
      return counts.every((c) => Object.values(c).every((n) => n === 0));
    },
    timeoutMs,
    50,
    'the poll, article and alert queues to drain',
  );
}
