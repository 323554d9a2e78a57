import { Worker } from 'bullmq';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { loadConfigFile } from '../../src/config/index.js';
import type { FeedConfig, NewswatchConfig } from '../../src/config/types.js';
import { closeHttpAgents } from '../../src/http/client.js';
import { createLogger, redactUrlCredentials, type Logger } from './log.js';
import { startEmbeddedRedis, type EmbeddedRedis } from '../redis/embedded.js';
import { connectRedis, type RedisClient } from '../redis/connect.js';
import { dropFeedSeriesExcept, metrics } from './metrics.js';
import { openQueues, QUEUE_NAMES, DEFAULT_PREFIX, type AlertJobData, type Queues } from './queues.js';
import { historyBytes, recordDelivery } from '../state/history.js';
import { Runtime } from './runtime.js';
import { createPollProcessor } from '../processors/poll.js';
import { createArticleProcessor } from '../processors/article.js';
import { createAlertProcessor, DEAD_LETTERED } from '../processors/alert.js';
import { initialPeriodMs, intervalKey, pollFeedsNow, syncFeedSchedulers } from './schedules.js';
import { readFeedState } from '../state/feed-state.js';
import { startHealthServer } from '../http/server.js';
import { startConfigReloader } from './reload.js';
import { logFirstPollProgress } from './progress.js';
import { ADMIN_BASE_PATH, createAdminHandler } from '../http/admin.js';
import { MATCHES_PATHS, createMatchesHandler } from '../http/matches.js';
import { articleBackoff, webhookBackoff } from '../processors/backoffs.js';
import { DEFAULT_DATA_DIR, recordEmbeddedUrl } from '../redis/for-command.js';

export interface RunOptions {
  configPath: string;
  redisUrl?: string;
  port: number;
  /** Interface the health/metrics server binds (default 0.0.0.0, every interface; HOST). */
  host?: string;
  /** Where the embedded redis-server keeps its data when no REDIS_URL is given. */
  dataDir?: string;
  log?: Logger;
  /** Queue key prefix (tests use a fresh one each). */
  prefix?: string;
  concurrency?: { poll?: number; article?: number; alert?: number };
  /** Installs SIGTERM/SIGINT handlers and SIGHUP/file-change reloads (the CLI does; tests opt in). */
  handleSignals?: boolean;
  /** Password of the Bull Board at /admin/queues; no board without one. */
  adminPassword?: string;
  /**
   * How soon a killed worker's jobs are taken over: BullMQ's lock duration and
   * stalled-job check (default 30 s each). Shorter means faster takeover but
   * more Redis traffic; tests shorten it.
   */
  stalledCheckMs?: number;
  /** What reloads the config (default: both, with handleSignals). */
  reloadOn?: { sighup?: boolean; fileChange?: boolean };
}

export interface RunningWorker {
  runtime: Runtime;
  queues: Queues;
  redisUrl: string;
  server: Server;
  /** Runs a feed's (or every feed's) next poll now instead of at its slot; returns how many polls started. */
  pollNow(feedId?: string): Promise<number>;
  /** Reloads the config file now (what SIGHUP does); true when a new config took effect. */
  reload(): Promise<boolean>;
  stop(): Promise<void>;
}

/** How long in-flight jobs get to finish on SIGTERM before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 25_000;

/**
 * Starts everything `newswatch run` runs: config (a broken one stops here,
 * before anything starts), Redis, the three workers, the feed schedulers and
 * the health/metrics server.
 */
export async function startWorker(opts: RunOptions): Promise<RunningWorker> {
  const log = opts.log ?? createLogger();
  const config: NewswatchConfig = await loadConfigFile(opts.configPath);

  let embedded: EmbeddedRedis | undefined;
  let redisUrl = opts.redisUrl;
  if (!redisUrl) {
    const dataDir = opts.dataDir ?? DEFAULT_DATA_DIR;
    embedded = await startEmbeddedRedis({ dataDir });
    redisUrl = embedded.url;
    await recordEmbeddedUrl(dataDir, redisUrl);
    log.info({ redis: redisUrl }, 'started embedded redis-server (set REDIS_URL to use your own)');
  }
  const connection = connectRedis(redisUrl);
  connection.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  await warnUnlessNoEviction(connection, log);

  const prefix = opts.prefix ?? DEFAULT_PREFIX;
  const queues = openQueues(connection, prefix);
  const runtime = new Runtime(config, connection, queues, log);
  for (const q of [queues.poll, queues.article, queues.alert]) {
    q.on('error', (err) => log.warn({ queue: q.name, err: err.message }, 'queue error'));
  }

  // Named per process so a job shows which worker ran it (Bull Board, `processedBy`).
  const stall = opts.stalledCheckMs ? { lockDuration: opts.stalledCheckMs, stalledInterval: opts.stalledCheckMs } : {};
  // A job may stall a few times (a crash, then another before it finishes) before BullMQ gives up on it:
  // the default of 1 would fail every article in flight for good after two crashes in a row.
  const workerOpts = { connection, prefix, name: `${hostname()}:${process.pid}`, maxStalledCount: 5, ...stall };
  const workers = [
    new Worker(QUEUE_NAMES.poll, createPollProcessor(runtime), { ...workerOpts, concurrency: opts.concurrency?.poll ?? 16 }),
    new Worker(QUEUE_NAMES.article, createArticleProcessor(runtime), {
      ...workerOpts,
      concurrency: opts.concurrency?.article ?? 8,
      settings: { backoffStrategy: articleBackoff },
    }),
    new Worker(QUEUE_NAMES.alert, createAlertProcessor(runtime), {
      ...workerOpts,
      concurrency: opts.concurrency?.alert ?? 8,
      settings: { backoffStrategy: webhookBackoff((id) => runtime.webhook(id)?.retry) },
    }),
  ];
  for (const w of workers) {
    w.on('error', (err) => log.error({ queue: w.name, err: err.message }, 'worker error'));
    w.on('failed', (job, err) => {
      if (!job) return;
      const exhausted = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
      if (w.name === QUEUE_NAMES.alert) metrics.alerts.inc({ outcome: exhausted ? 'dead_lettered' : 'retried' });
      if (w.name === QUEUE_NAMES.alert && exhausted && err.name !== 'UnrecoverableError') {
        const { alertId } = job.data as AlertJobData;
        void recordDelivery(connection, alertId, { outcome: 'dead', at: Date.now(), reason: err.message }).catch(() => undefined);
      }
      if (!exhausted) return;
      if (w.name === QUEUE_NAMES.alert) {
        log.error({ alertId: job.id, webhookId: (job.data as { webhookId?: string }).webhookId, err: err.message }, DEAD_LETTERED);
      } else {
        log.warn({ queue: w.name, jobId: job.id, err: err.message }, 'job failed for good');
      }
    });
  }

  // A feed keeps the pace it adapted to across restarts, unless its configured interval changed.
  const periodOf = async (feed: FeedConfig) => {
    const state = await readFeedState(connection, feed.id);
    return state.periodMs && state.periodFor === intervalKey(feed.interval) ? state.periodMs : initialPeriodMs(feed, runtime.config.defaults.minIntervalMs);
  };
  const syncSchedulers = () => syncFeedSchedulers(queues.poll, runtime.config.feeds, periodOf, log);
  const sync = await syncSchedulers();
  const stopProgress = logFirstPollProgress(connection, () => runtime.config.feeds, log);
  const reloader = startConfigReloader(runtime, opts.configPath, syncSchedulers, {
    watchFile: opts.reloadOn?.fileChange ?? opts.handleSignals ?? false,
    onSighup: opts.reloadOn?.sighup ?? opts.handleSignals ?? false,
  });
  log.info(
    { feeds: config.feeds.length, removedSchedulers: sync.removed.length, watchlists: config.watchlists.length, webhooks: config.webhooks.length },
    'newswatch running',
  );

  const server = await startHealthServer(opts.port, {
    redis: connection,
    workersRunning: () => workers.every((w) => w.isRunning()),
    beforeScrape: async () => {
      for (const [name, queue] of Object.entries({ poll: queues.poll, article: queues.article, alert: queues.alert })) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue: name, state }, n);
      }
      metrics.historyBytes.set(await historyBytes(connection));
      await dropFeedSeriesExcept(new Set(runtime.config.feeds.map((f) => f.id)));
    },
    onError: (err, path) => log.warn({ err: err.message, path }, 'health server: request failed'),
    admin: opts.adminPassword ? { basePath: ADMIN_BASE_PATH, handler: createAdminHandler(queues, opts.adminPassword) } : undefined,
    matches: opts.adminPassword
      ? { paths: MATCHES_PATHS, handler: createMatchesHandler({ redis: connection, password: opts.adminPassword, watchlists: () => runtime.config.watchlists }) }
      : undefined,
  }, opts.host).catch(async (err: NodeJS.ErrnoException) => {
    // Nothing may outlive a failed start: an embedded redis-server left running would hold the data folder.
    reloader.close();
    stopProgress();
    await Promise.all(workers.map((w) => w.close(true)));
    await queues.close();
    await connection.quit().catch(() => connection.disconnect());
    if (embedded) await embedded.stop();
    if (err.code !== 'EADDRINUSE' && err.code !== 'EADDRNOTAVAIL') throw err;
    const where = `${opts.host ?? '0.0.0.0'}:${opts.port}`;
    throw new Error(`http: cannot listen on ${where} (${err.code === 'EADDRINUSE' ? 'another process uses the port' : 'no such address here'}); set PORT or HOST`);
  });
  const bound = server.address() as { address: string; port: number };
  log.info({ host: bound.address, port: bound.port }, 'health and metrics server listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down: finishing jobs in flight');
      reloader.close();
      stopProgress();
      server.close();
      const closing = Promise.all(workers.map((w) => w.close()));
      const timedOut = await Promise.race([
        closing.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(true), SHUTDOWN_GRACE_MS).unref()),
      ]);
      if (timedOut) {
        log.warn('grace period over: jobs still running are left to stalled-job recovery');
        await Promise.all(workers.map((w) => w.close(true)));
      }
      await queues.close();
      await connection.quit().catch(() => connection.disconnect());
      await closeHttpAgents();
      if (embedded) await embedded.stop();
      log.info('stopped');
    })());

  if (opts.handleSignals) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void stop().then(
          () => process.exit(0),
          (err) => {
            log.error({ err: (err as Error).message }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  }

  return {
    runtime,
    queues,
    redisUrl: redactUrlCredentials(redisUrl),
    server,
    pollNow: (feedId) => pollFeedsNow(queues.poll, connection, feedId),
    reload: () => reloader.reload('requested'),
    stop,
  };
}

/** BullMQ needs Redis never to evict keys; managed Redis may forbid CONFIG, so this only warns. */
async function warnUnlessNoEviction(redis: RedisClient, log: Logger): Promise<void> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy && policy !== 'noeviction') {
      log.warn({ policy }, 'redis maxmemory-policy is not noeviction: BullMQ jobs can be lost under memory pressure');
    }
  } catch {
    log.debug('could not read maxmemory-policy');
  }
}
