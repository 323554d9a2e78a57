/**
 * Pieces only the reliability tests need: a config writer with the fetch
 * options they vary, feed and page bodies, waits on the worker's own queues,
 * and the worker as its own OS process. The receiver, the servers, the logged
 * worker and waiting are the shared ones in test/helpers/.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Job } from 'bullmq';
import { waitFor } from '../helpers/wait.js';
import { writeTestConfig, type TestConfigOptions } from '../helpers/config.js';
import { pollNow, type LogLine } from '../helpers/worker.js';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { DEFAULT_PREFIX, openQueues } from '../../workers/runtime/queues.js';
import { pollFeedsNow } from '../../workers/runtime/schedules.js';
import { Redis } from 'ioredis';
import { cliArgs, ROOT } from '../helpers/cli.js';

export const FIXTURES = resolve(__dirname, '../fixtures/reliability');

export async function fixture(name: string, vars: Record<string, string> = {}): Promise<string> {
  let text = await readFile(join(FIXTURES, name), 'utf8');
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{{${k}}}`, v);
  return text;
}

// ---------------------------------------------------------------- config

export interface ReliabilityConfig extends TestConfigOptions {
  fetch?: { timeout?: string; maxBytes?: string; allowPrivateNetworks?: boolean };
  /** Extra textual replacements on the written YAML (after the fetch block). */
  replace?: Array<[string, string]>;
}

/** writeTestConfig, then the fetch block these tests need (timeout, size cap, private networks). */
export async function writeConfig(opts: ReliabilityConfig): Promise<string> {
  const file = await writeTestConfig(opts);
  let yaml = await readFile(file, 'utf8');
  const f = opts.fetch ?? {};
  const block =
    'fetch:\n' +
    `  timeout: ${f.timeout ?? '5s'}\n` +
    (f.maxBytes ? `  maxBytes: ${f.maxBytes}\n` : '') +
    `  allowPrivateNetworks: ${f.allowPrivateNetworks ?? true}\n`;
  const helperBlock = 'fetch:\n  timeout: 5s\n  allowPrivateNetworks: true\n';
  if (!yaml.includes(helperBlock)) throw new Error('writeConfig: the helper config changed shape; update test/reliability/support.ts');
  yaml = yaml.replace(helperBlock, () => block);
  for (const [from, to] of opts.replace ?? []) {
    if (!yaml.includes(from)) throw new Error(`writeConfig: "${from}" not in the config`);
    yaml = yaml.replace(from, () => to);
  }
  await writeFile(file, yaml);
  return file;
}

// ---------------------------------------------------------------- feeds and pages

export function rssFeed(base: string, items: Array<{ slug: string; title: string; description?: string; date?: Date }>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Reliability</title><link>${base}/</link><description>test</description>
${items
  .map(
    (i) => `<item><title>${i.title}</title><link>${base}/news/${i.slug}</link><guid isPermaLink="false">${i.slug}</guid>
<pubDate>${(i.date ?? new Date()).toUTCString()}</pubDate><description>${i.description ?? 'A story.'}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

/** A short article page (under 200 characters of text, so no near-duplicate fingerprint joins two stories). */
export function shortPage(title: string, paragraph: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><article><h1>${title}</h1><p>${paragraph}</p></article></body></html>`;
}

// ---------------------------------------------------------------- queues

/**
 * Polls one feed now and waits for that poll job to finish; returns the
 * processor's summary and how long the job ran. An automatic poll that ran
 * first counts as well (the first finished poll of the feed after `since`).
 */
export async function pollAndWait(
  worker: RunningWorker,
  feedUrl: string,
  timeoutMs = 15_000,
): Promise<{ returnvalue: string; failedReason?: string; ms: number; job: Job }> {
  const feedId = feedIdFromUrl(feedUrl);
  const since = Date.now();
  await waitFor(async () => (await pollNow(worker, feedId)) > 0, 5_000);
  const job = await waitFor(async () => {
    const done = [...(await worker.queues.poll.getCompleted(0, 200)), ...(await worker.queues.poll.getFailed(0, 200))];
    return done.find((j) => j.data.feedId === feedId && (j.finishedOn ?? 0) >= since);
  }, timeoutMs, 50);
  return {
    returnvalue: String(job.returnvalue ?? ''),
    failedReason: job.failedReason,
    ms: (job.finishedOn ?? 0) - (job.processedOn ?? 0),
    job,
  };
}

/** Article jobs of one feed that have finished (completed or failed), with their outcome. */
export async function finishedArticles(worker: RunningWorker, feedUrl: string) {
  const feedId = feedIdFromUrl(feedUrl);
  const completed = await worker.queues.article.getCompleted(0, 1000);
  const failed = await worker.queues.article.getFailed(0, 1000);
  return [
    ...completed.filter((j) => j.data.feed.id === feedId).map((j) => ({ job: j, outcome: String(j.returnvalue) })),
    ...failed.filter((j) => j.data.feed.id === feedId).map((j) => ({ job: j, outcome: `failed: ${j.failedReason}` })),
  ];
}

/** Samples the process's resident set size until stopped; returns the peak growth in MB. */
export function watchMemory(stepMs = 20) {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, stepMs);
  return {
    stop(): number {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return (peak - start) / 1024 / 1024;
    },
  };
}

// ---------------------------------------------------------------- processes

/**
 * `newswatch run` as its own OS process (so SIGKILL is real), with stdout and
 * stderr captured. Default queue prefix, as in production.
 */
export function spawnWorkerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, cliArgs(['run']), {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (s: string) => output.push(s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => output.push(s));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    output,
    text: () => output.join(''),
    lines: (): LogLine[] =>
      output
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as LogLine),
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
export type WorkerProcess = ReturnType<typeof spawnWorkerProcess>;

/**
 * Runs every scheduled poll (or those of `feedUrls`) now, for worker processes
 * this test cannot call `pollNow` on: the same step as the worker's own hook.
 */
export async function promotePolls(redisUrl: string, feedUrls?: string[], prefix = DEFAULT_PREFIX): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = openQueues(redis, prefix);
  try {
    if (!feedUrls) return await pollFeedsNow(queues.poll, redis);
    let promoted = 0;
    for (const url of feedUrls) promoted += await pollFeedsNow(queues.poll, redis, feedIdFromUrl(url));
    return promoted;
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
