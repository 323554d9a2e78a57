/**
 * The end-to-end bench's worker phases: feeds polled and articles processed
 * by 1..n `newswatch run` processes on one Redis, sampled once a second.
 * Returns plain numbers for the report.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PhaseSpec } from './e2e-site.js';
import type { SiteClient } from './e2e-site-client.js';
import { readProc, machineCpuSec, waitForQuiet, type ProcSample } from './e2e-proc.js';
import { summariseProfile, type ProfileSummary } from './e2e-profile.js';
import {
  freePort,
  metricSum,
  scrapeMetrics,
  spawnWorker,
  stopWorker,
  waitReady,
  writeBenchConfig,
  type BenchRedis,
  type WorkerProcess,
} from './e2e-worker.js';

export interface Env {
  cli: string;
  redis: BenchRedis;
  site: SiteClient;
  tmp: string;
  log: (line: string) => void;
  /** Extra environment for the worker processes (--worker-env), for experiments such as NODE_OPTIONS. */
  workerEnv: Record<string, string>;
  /** Extra node flags for the worker processes (--worker-node-arg): the V8 flags NODE_OPTIONS refuses, such as --trace-gc. */
  workerNodeArgs: string[];
}

export interface WorkerPhase {
  name: string;
  procs: number;
  feeds: number;
  /** Loopback hosts the feeds (and their pages) are spread over. */
  hosts: number;
  interval: string;
  intervalMs: number;
  publish: Pick<PhaseSpec, 'mode' | 'rate' | 'seqBase' | 'seed' | 'seqStep'>;
  warmupS: number;
  measureS: number;
  profile?: boolean;
}

const QUEUES = { poll: 'poll-feed', article: 'fetch-article', alert: 'deliver-alert' } as const;
type QueueDepths = Record<keyof typeof QUEUES, { wait: number; active: number; delayed: number }>;

async function queueDepths(env: Env): Promise<QueueDepths> {
  const p = env.redis.client.pipeline();
  for (const q of Object.values(QUEUES)) {
    const k = `{newswatch}:${q}:`;
    p.llen(k + 'wait').zcard(k + 'prioritized').llen(k + 'active').zcard(k + 'delayed');
  }
  const r = ((await p.exec()) ?? []).map(([, v]) => Number(v));
  const out = {} as QueueDepths;
  Object.keys(QUEUES).forEach((name, i) => {
    out[name as keyof QueueDepths] = { wait: r[i * 4]! + r[i * 4 + 1]!, active: r[i * 4 + 2]!, delayed: r[i * 4 + 3]! };
  });
  return out;
}

export interface Sample {
  t: number;
  workers: Array<ProcSample | undefined>;
  redis?: ProcSample;
  site?: ProcSample;
  machineBusy: number;
  queues: QueueDepths;
  feedRequests: number;
  pages: number;
  /** Worker heap figures (MB), scraped every few seconds. */
  heap?: Array<{ used: number; total: number; external: number }>;
}

const MB = 1024 * 1024;
const heapOf = (m: Map<string, number>) => ({
  used: Math.round(metricSum(m, 'newswatch_process_nodejs_heap_size_used_bytes') / MB),
  total: Math.round(metricSum(m, 'newswatch_process_nodejs_heap_size_total_bytes') / MB),
  external: Math.round(metricSum(m, 'newswatch_process_nodejs_external_memory_bytes') / MB),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const pct = (xs: number[], p: number): number | undefined => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
/** Least-squares slope of y over t (per second). */
const slope = (pts: Array<[number, number]>): number => {
  const n = pts.length;
  if (n < 2) return 0;
  const mt = pts.reduce((a, p) => a + p[0], 0) / n;
  const my = pts.reduce((a, p) => a + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [t, y] of pts) {
    num += (t - mt) * (y - my);
    den += (t - mt) ** 2;
  }
  return den > 0 ? num / den : 0;
};

/** Upper bound of the bucket holding the p-th percentile of a summed Prometheus histogram delta. */
function histogramPercentile(before: Map<string, number>[], after: Map<string, number>[], name: string, p: number): number | undefined {
  const buckets = new Map<number, number>();
  for (const [i, m] of after.entries()) {
    for (const [k, v] of m) {
      const le = /^(.*)_bucket\{le="([^"]+)"\}$/.exec(k);
      if (!le || le[1] !== name) continue;
      const bound = le[2] === '+Inf' ? Infinity : Number(le[2]);
      buckets.set(bound, (buckets.get(bound) ?? 0) + v - (before[i]?.get(k) ?? 0));
    }
  }
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return undefined;
  return sorted.find(([, c]) => c >= (p / 100) * total)?.[0];
}

export async function runWorkerPhase(env: Env, ph: WorkerPhase) {
  await env.redis.client.flushall();
  const quiet = await waitForQuiet();
  if (quiet.busyCores >= 0.3) env.log(`  ${ph.name}: machine still busy (${quiet.busyCores.toFixed(2)} cores used by other processes) after ${quiet.waitedS} s: figures will be skewed`);
  const hosts = Math.min(ph.hosts, env.site.hostBases.length);
  const feedUrls = Array.from({ length: ph.feeds }, (_, i) => `${env.site.hostBases[i % hosts]}/f/${i}.xml`);
  const configPath = join(env.tmp, `${ph.name}.yaml`);
  writeBenchConfig(configPath, { feedUrls, interval: ph.interval, hookUrl: env.site.hookUrl });
  const t0 = Date.now();
  await env.site.setPhase({ ...ph.publish, feeds: ph.feeds, hosts, feedSize: 20, from: t0, until: t0 + (ph.warmupS + ph.measureS + 300) * 1000 });

  const profDir = ph.profile ? join(env.tmp, `prof-${ph.name}`) : undefined;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const workers: WorkerProcess[] = [];
  for (let i = 0; i < ph.procs; i++) {
    // A port the system says is free: a random one can be an outgoing connection's (the ephemeral range).
    const port = await freePort();
    workers.push(
      spawnWorker(env.cli, { configPath, redisUrl: env.redis.url, port, logFile: join(env.tmp, `${ph.name}-${i}.log`), cpuProfDir: profDir, extraEnv: env.workerEnv, nodeArgs: env.workerNodeArgs }),
    );
  }
  await Promise.all(workers.map((w) => waitReady(w)));
  const ready = Date.now();
  env.log(`  ${ph.name}: ${ph.procs} worker(s) ready after ${((ready - t0) / 1000).toFixed(1)} s; warm-up ${ph.warmupS} s, measuring ${ph.measureS} s`);

  const samples: Sample[] = [];
  let tick = 0;
  const take = async (): Promise<Sample> => {
    const scrape = tick++ % 5 === 0;
    const [queues, counts, metrics] = await Promise.all([
      queueDepths(env),
      env.site.stats(),
      scrape ? Promise.all(workers.map((w) => scrapeMetrics(w.port))) : Promise.resolve(undefined),
    ]);
    return {
      heap: metrics?.map(heapOf),
      t: (Date.now() - ready) / 1000,
      workers: workers.map((w) => readProc(w.pid)),
      redis: readProc(env.redis.pid),
      site: readProc(env.site.pid),
      machineBusy: machineCpuSec().busy,
      queues,
      feedRequests: counts.feed200 + counts.feed304,
      pages: counts.pages,
    };
  };
  const windowStart = ready + ph.warmupS * 1000;
  const windowEnd = windowStart + ph.measureS * 1000;
  let a: { sample: Sample; metrics: Map<string, number>[]; site: Awaited<ReturnType<SiteClient['stats']>>; at: number } | undefined;
  for (let next = ready; ; next += 1000) {
    await sleep(next - Date.now());
    const now = Date.now();
    if (!a && now >= windowStart) {
      const metrics = await Promise.all(workers.map((w) => scrapeMetrics(w.port)));
      a = { sample: await take(), metrics, site: await env.site.stats(), at: now };
      samples.push(a.sample);
      continue;
    }
    if (now >= windowEnd) break;
    samples.push(await take());
  }
  const bMetrics = await Promise.all(workers.map((w) => scrapeMetrics(w.port)));
  const bSample = await take();
  samples.push(bSample);
  const bSite = await env.site.stats(a!.at);
  const window = (bSample.t - a!.sample.t) || 1;
  await Promise.all(workers.map((w) => stopWorker(w)));

  const sumDelta = (name: string, label = '') =>
    bMetrics.reduce((s, m, i) => s + metricSum(m, name, label) - metricSum(a!.metrics[i]!, name, label), 0);
  const articles = sumDelta('newswatch_extraction_source_total');
  const workerCpu = workers.map((_, i) => (bSample.workers[i]?.cpuSec ?? 0) - (a!.sample.workers[i]?.cpuSec ?? 0));
  const cpuTotal = workerCpu.reduce((x, y) => x + y, 0);
  const feedReq = bSample.feedRequests - a!.sample.feedRequests;
  const inWindow = samples.filter((s) => s.t >= a!.sample.t);
  const served = bSite.delays.map(([recv, first]) => (recv - first) / 1000);
  const appeared = bSite.delays.map(([recv, , at]) => (recv - at) / 1000);
  const logErrors = workers.map((_, i) => (readFileSync(join(env.tmp, `${ph.name}-${i}.log`), 'utf8').match(/"level":(50|60)/g) ?? []).length);

  let profile: ProfileSummary | undefined;
  if (profDir) {
    const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
    if (files[0]) profile = summariseProfile(join(profDir, files[0]), 20);
  }

  const cpuOf = (pick: (s: Sample) => ProcSample | undefined) => ((pick(bSample)?.cpuSec ?? 0) - (pick(a!.sample)?.cpuSec ?? 0)) / window;
  return {
    name: ph.name,
    procs: ph.procs,
    feeds: ph.feeds,
    hosts,
    interval: ph.interval,
    windowS: Math.round(window * 10) / 10,
    polls: {
      perSec: feedReq / window,
      share304: feedReq > 0 ? (bSite.feed304 - a!.site.feed304) / feedReq : 0,
      expectedPerSec: ph.feeds / (ph.intervalMs / 1000),
      byOutcome: Object.fromEntries(['changed', 'not_modified', 'error', 'skipped'].map((o) => [o, sumDelta('newswatch_feed_polls_total', `outcome="${o}"`)])),
    },
    articles: {
      processed: articles,
      perSec: articles / window,
      fetchedPerSec: (bSample.pages - a!.sample.pages) / window,
      publishedPerSec: (bSite.published - a!.site.published) / window,
      cpuSecPerArticle: articles > 0 ? cpuTotal / articles : undefined,
    },
    alerts: {
      received: bSite.alerts - a!.site.alerts,
      badSignatures: bSite.badSignatures,
      duplicates: bSite.duplicates,
      delayFromPollS: { n: served.length, p50: pct(served, 50), p99: pct(served, 99), max: pct(served, 100) },
      delayFromAppearanceS: { p50: pct(appeared, 50), p99: pct(appeared, 99) },
      workerHistogramS: {
        p50: histogramPercentile(a!.metrics, bMetrics, 'newswatch_alert_delay_seconds', 50),
        p99: histogramPercentile(a!.metrics, bMetrics, 'newswatch_alert_delay_seconds', 99),
      },
    },
    cpu: {
      workersCores: cpuTotal / window,
      perWorkerCores: workerCpu.map((c) => c / window),
      redisCores: cpuOf((s) => s.redis),
      siteCores: cpuOf((s) => s.site),
      machineCores: (bSample.machineBusy - a!.sample.machineBusy) / window,
      /** Other people's processes on a shared machine (machine − workers − redis − site). */
      foreignCores: (bSample.machineBusy - a!.sample.machineBusy) / window - cpuTotal / window - cpuOf((s) => s.redis) - cpuOf((s) => s.site),
      quietBeforeStart: quiet,
    },
    memory: {
      peakRssMb: bSample.workers.map((w) => Math.round(w?.peakRssMb ?? 0)),
      endRssMb: bSample.workers.map((w) => Math.round(w?.rssMb ?? 0)),
      redisPeakRssMb: Math.round(bSample.redis?.peakRssMb ?? 0),
      heapUsedMaxMb: workers.map((_, i) => Math.max(0, ...samples.map((x) => x.heap?.[i]?.used ?? 0))),
      heapTotalMaxMb: workers.map((_, i) => Math.max(0, ...samples.map((x) => x.heap?.[i]?.total ?? 0))),
      heapAtEnd: heapOf(bMetrics[0] ?? new Map()),
    },
    queues: {
      articleWaitStart: a!.sample.queues.article.wait,
      articleWaitEnd: bSample.queues.article.wait,
      articleWaitSlopePerSec: slope(inWindow.map((s) => [s.t, s.queues.article.wait])),
      pollWaitMax: Math.max(...inWindow.map((s) => s.queues.poll.wait + s.queues.poll.active)),
      pollWaitSlopePerSec: slope(inWindow.map((s) => [s.t, s.queues.poll.wait])),
      alertWaitMax: Math.max(...inWindow.map((s) => s.queues.alert.wait)),
      pollDelayed: bSample.queues.poll.delayed,
    },
    workerLogErrors: logErrors,
    series: samples.map((s) => ({
      t: Math.round(s.t),
      rssMb: s.workers.map((w) => Math.round(w?.rssMb ?? 0)),
      pollWait: s.queues.poll.wait,
      articleWait: s.queues.article.wait,
      alertWait: s.queues.alert.wait,
      feedRequests: s.feedRequests,
      pages: s.pages,
      heapUsedMb: s.heap?.map((h) => h.used),
    })),
    profile,
  };
}

export type WorkerPhaseResult = Awaited<ReturnType<typeof runWorkerPhase>>;
