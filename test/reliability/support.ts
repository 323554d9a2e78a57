/**
 * Shared pieces of the reliability tests: an in-memory pino logger, a config
 * writer with the fetch options these tests vary, a scriptable site, a
 * webhook receiver that can hold a request and listen on any loopback
 * address, and small waits on the worker's own queues.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import type { Job } from 'bullmq';
import { Webhook } from 'standardwebhooks';
import { startTestServer, waitFor } from '../helpers/http.js';
import { TEST_SECRET } from '../helpers/receiver.js';
import { writeTestConfig, type TestConfigOptions } from '../helpers/config.js';
import { pollNow } from '../helpers/worker.js';
import { startWorker, type RunningWorker } from '../../workers/runtime/start.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { keys } from '../../workers/state/keys.js';
import { DEFAULT_PREFIX, openQueues } from '../../workers/runtime/queues.js';
import { Redis } from 'ioredis';
import { cliArgs, ROOT } from '../helpers/cli.js';

export const FIXTURES = resolve(__dirname, '../fixtures/reliability');

export async function fixture(name: string, vars: Record<string, string> = {}): Promise<string> {
  let text = await readFile(join(FIXTURES, name), 'utf8');
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{{${k}}}`, v);
  return text;
}

// ---------------------------------------------------------------- logging

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A pino logger writing parsed JSON lines to an array (debug and up). */
export function memoryLogger(): { log: Logger; lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const log = pino(
    { level: 'debug' },
    {
      write(s: string) {
        raw.push(s);
        lines.push(JSON.parse(s) as LogLine);
      },
    },
  );
  return { log, lines, text: () => raw.join('') };
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

export const freshPrefix = () => `{rel-${randomUUID().slice(0, 8)}}`;

export function startLoggedWorker(configPath: string, redisUrl: string, log: Logger, prefix = freshPrefix()): Promise<RunningWorker> {
  return startWorker({ configPath, redisUrl, port: 0, prefix, log });
}

// ---------------------------------------------------------------- sites

export type Route = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A server whose paths are set per test; every request is recorded with its path. */
export async function startScriptedSite(host = '127.0.0.1') {
  const routes = new Map<string, Route>();
  const requests: Array<{ path: string; at: number }> = [];
  const server = await startTestServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, at: Date.now() });
    const route = routes.get(path);
    if (route) await route(req, res);
    else res.writeHead(404).end();
  }, host);
  return {
    ...server,
    requests,
    route(path: string, handler: Route) {
      routes.set(path, handler);
      return `${server.url}${path}`;
    },
    hits: (path: string) => requests.filter((r) => r.path === path).length,
  };
}
export type ScriptedSite = Awaited<ReturnType<typeof startScriptedSite>>;

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

// ---------------------------------------------------------------- receiver

export interface Attempt {
  id: string;
  status: number;
  receivedAt: number;
  /** When the answer was fully written; undefined when the connection died first. */
  respondedAt?: number;
  body: any;
}

/**
 * A Standard Webhooks receiver on any loopback address. `respond` decides each
 * attempt's status and how long to hold the request before answering;
 * `stop()` closes the port (connections refused) and `start()` opens the same
 * port again, for outages.
 */
export async function startHookReceiver(
  opts: {
    host?: string;
    respond?: (attempt: number, id: string) => { status: number; holdMs?: number };
    secret?: string;
  } = {},
) {
  const host = opts.host ?? '127.0.0.1';
  const verifier = new Webhook(opts.secret ?? TEST_SECRET);
  const attempts: Attempt[] = [];
  const state = { badSignatures: 0 };
  const handler = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    let parsed: any;
    try {
      parsed = verifier.verify(body.toString('utf8'), headers);
    } catch {
      state.badSignatures += 1;
      res.writeHead(401).end();
      return;
    }
    const id = headers['webhook-id']!;
    const reply = opts.respond?.(attempts.length, id) ?? { status: 204 };
    const attempt: Attempt = { id, status: reply.status, receivedAt: Date.now(), body: parsed };
    attempts.push(attempt);
    if (reply.holdMs) await new Promise((r) => setTimeout(r, reply.holdMs));
    if (res.destroyed || req.socket.destroyed) return; // the sender went away: no answer reached it
    res.writeHead(reply.status).end(() => {
      attempt.respondedAt = Date.now();
    });
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handler(req, res, Buffer.concat(chunks)).catch(() => res.destroy()));
  });
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  await listen();
  return {
    get url() {
      return `http://${host}:${port}`;
    },
    get port() {
      return port;
    },
    attempts,
    /** Attempts answered 2xx whose answer was fully written. */
    delivered: () => attempts.filter((a) => a.status >= 200 && a.status < 300 && a.respondedAt !== undefined),
    get badSignatures() {
      return state.badSignatures;
    },
    /** Closes the port: deliveries meet a refused connection. */
    stop: close,
    /** Listens on the same port again. */
    start: listen,
    close,
  };
}
export type HookReceiver = Awaited<ReturnType<typeof startHookReceiver>>;

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
  const job = await until(async () => {
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

/** waitFor, typed for checks that return undefined until they find what they wait for. */
export function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, stepMs = 50): Promise<T> {
  return waitFor(check, timeoutMs, stepMs) as Promise<T>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** Runs every scheduled poll now (the test's stand-in for waiting for the slot), from outside the worker process. */
export async function promotePolls(redisUrl: string, feedUrls?: string[], prefix = DEFAULT_PREFIX): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queues = openQueues(redis, prefix);
  try {
    const wanted = feedUrls ? new Set(feedUrls.map(feedIdFromUrl)) : undefined;
    let promoted = 0;
    for (const job of await queues.poll.getDelayed()) {
      if (wanted && !wanted.has(job.data.feedId)) continue;
      await redis.del(keys.pollGuard(job.data.feedId));
      await job.promote();
      promoted += 1;
    }
    return promoted;
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
