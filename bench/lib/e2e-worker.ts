/**
 * Processes the end-to-end bench drives: the worker compiled as it ships
 * (tsc -p tsconfig.build.json into a git-ignored .test-dist-e2e-* folder),
 * one redis-server, and helpers to start, probe, scrape and stop workers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { MIDEAST_WATCHLIST } from '../../test/helpers/config.js';
import { TEST_SECRET } from '../../test/helpers/receiver.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;

/** The first port the kernel hands out to outgoing connections (Linux), or its default. */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * A port free to listen on, below the ephemeral range: a port the kernel picks
 * for `listen(0)` is an ephemeral one, and between our probe and the child's
 * listen an outgoing connection of the bench (thousands per burst) can take it
 * (this killed a run: "cannot listen on 0.0.0.0:42619").
 */
export async function freePort(): Promise<number> {
  const top = Math.min(ephemeralStart(), 32_768);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * (top - 10_000));
    const server = createServer();
    const ok = await new Promise<boolean>((r) => {
      server.once('error', () => r(false));
      server.listen(port, '0.0.0.0', () => r(true));
    });
    if (ok) {
      await new Promise<void>((r) => server.close(() => r()));
      return port;
    }
  }
  throw new Error('bench: no free port below the ephemeral range');
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolvePromise({ code, output }));
  });
}

/** Compiles src/ and workers/ as the image does; node_modules resolve from the repository root. */
export async function buildWorker(): Promise<{ cli: string; dir: string; cleanup(): void }> {
  const dir = mkdtempSync(join(ROOT, '.test-dist-e2e-'));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const tsc = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], ROOT);
  const cli = join(dir, 'dist', 'workers', 'cli.js');
  if (!existsSync(cli)) throw new Error(`bench: tsc emitted no ${cli}:\n${tsc.output}`);
  return { cli, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface BenchRedis {
  url: string;
  pid: number;
  client: Redis;
  stop(): Promise<void>;
}

/**
 * A plain redis-server as a user would run one beside newswatch: no
 * snapshots, append-only file on (everysec, like the embedded default),
 * noeviction as BullMQ requires.
 */
export async function startRedis(dataDir: string): Promise<BenchRedis> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dataDir, '--maxmemory-policy', 'noeviction'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  client.on('error', () => undefined); // refused until redis-server listens
  const deadline = Date.now() + 15_000;
  while ((await client.ping().catch(() => '')) !== 'PONG') {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('bench: redis-server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    client,
    stop: async () => {
      client.disconnect();
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    },
  };
}

export function writeBenchConfig(file: string, opts: { feedUrls: string[]; interval: string; hookUrl: string }): void {
  const feeds = opts.feedUrls.map((u) => `  - url: ${u}\n`).join('');
  writeFileSync(
    file,
    `defaults:
  interval: ${opts.interval}
  backfill: 24h
fetch:
  timeout: 10s
  allowPrivateNetworks: true
feeds:
${feeds}watchlists:${MIDEAST_WATCHLIST}
webhooks:
  - id: ops
    url: ${opts.hookUrl}
    secret: ${TEST_SECRET}
    timeout: 5s
    retry: { attempts: 5, initialDelay: 1s, maxDelay: 5s }
`,
  );
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  exited: Promise<number | null>;
  /** Where its stdout and stderr go. */
  logFile: string;
  /** Settles once everything the worker wrote is in `logFile`. */
  logWritten: Promise<void>;
}

export function spawnWorker(
  cli: string,
  env: { configPath: string; redisUrl: string; port: number; logFile: string; cpuProfDir?: string; extraEnv?: Record<string, string>; nodeArgs?: string[] },
): WorkerProcess {
  const nodeArgs = [...(env.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', env.cpuProfDir] : []), ...(env.nodeArgs ?? [])];
  const child = spawn(process.execPath, [...nodeArgs, cli, 'run'], {
    cwd: ROOT,
    env: { ...process.env, CONFIG_PATH: env.configPath, REDIS_URL: env.redisUrl, PORT: String(env.port), LOG_LEVEL: 'warn', ...env.extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(env.logFile);
  // Both streams into one file, ended once the child's are both closed: with pipe()'s default the first to
  // end closes the file, and a line the other writes after it (node refusing a flag, a crash) threw here.
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  child.once('close', () => log.end());
  const logWritten = new Promise<void>((r) => log.once('close', () => r()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, pid: child.pid!, port: env.port, exited, logFile: env.logFile, logWritten };
}

export async function waitReady(w: WorkerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (w.child.exitCode !== null) {
      await w.logWritten;
      const said = existsSync(w.logFile) ? readFileSync(w.logFile, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
      throw new Error(`bench: worker exited with ${w.child.exitCode} before it was ready${said ? `; its last words (${w.logFile}):\n${said}` : ''}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${w.port}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('bench: worker not ready in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stopWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode !== null) return;
  w.child.kill('SIGTERM');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), 40_000);
  await w.exited;
  clearTimeout(timer);
}

/** Prometheus text → Map of `name{labels}` to value. */
export async function scrapeMetrics(port: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  try {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const i = line.lastIndexOf(' ');
      out.set(line.slice(0, i), Number(line.slice(i + 1)));
    }
  } catch {
    // a worker that died shows as no metrics
  }
  return out;
}

/** Sum of every series of `name` whose labels contain `labelPart`. */
export function metricSum(m: Map<string, number>, name: string, labelPart = ''): number {
  let sum = 0;
  for (const [k, v] of m) if ((k === name || k.startsWith(name + '{')) && k.includes(labelPart)) sum += v;
  return sum;
}
