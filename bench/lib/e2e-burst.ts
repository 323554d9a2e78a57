/**
 * The end-to-end bench's burst phase: H hosts each publish N new items at
 * once, and one worker process clears them at the pace the per-host limits
 * allow (2 requests in flight, one start per 250 ms per host).
 *
 * - throughput: every feed's first poll runs at the same moment (the delayed
 *   poll jobs are promoted, as `pollNow` does), each finding N items linking
 *   to real pages; measured until every article is processed: time to clear,
 *   articles/s, worker CPU per article, and the serving side's per-host check
 *   of the limits (most requests in flight, smallest gap between starts).
 * - isolation: one host publishes `bigItems` items; 2 s later another host
 *   publishes one. That article's delay from its feed answer to its page
 *   answer is compared with the same delay measured before the big burst (a
 *   quiet host) and with the host's own gap plus the fetch.
 */
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { feedIdFromUrl } from '../../src/config/feed-id.js';
import { pollFeedsNow } from '../../workers/runtime/schedules.js';
import type { Env } from './e2e-phases.js';
import { readProc, waitForQuiet } from './e2e-proc.js';
import { mkdirSync, readdirSync } from 'node:fs';
import { summariseProfile, type ProfileSummary } from './e2e-profile.js';
import { freePort, metricSum, scrapeMetrics, spawnWorker, stopWorker, waitReady, writeBenchConfig } from './e2e-worker.js';
import type { ItemTimes } from './e2e-site-client.js';

/** The worker's defaults (workers/state/host-limiter.ts): what one host allows. */
export const HOST_LIMITS = { maxConcurrent: 2, gapMs: 250 };

export interface BurstSpec {
  hosts: number;
  items: number;
  bigItems: number;
  /**
   * Items per host of a smaller burst the same worker clears first, so the
   * measured burst meets a warm worker (its code optimised, its connections
   * open), as the floor is measured after its own warm-up and as a burst in
   * production meets a worker that has been running. Its CPU per article is
   * reported too (the cold figure). 0: no warm-up.
   */
  warmupItems: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function untilTrue(check: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

async function withWorker<T>(
  env: Env,
  name: string,
  feedUrls: string[],
  run: (w: { pid: number; port: number; poll: Queue }) => Promise<T>,
  profDir?: string,
): Promise<T> {
  await env.redis.client.flushall();
  const configPath = join(env.tmp, `${name}.yaml`);
  // A 5-minute interval: each feed's first poll is the one the bench starts; its scheduled slot finds a 304.
  writeBenchConfig(configPath, { feedUrls, interval: '5m', hookUrl: env.site.hookUrl });
  // A port the system says is free: a random one can be an outgoing connection's (the ephemeral range).
  const port = await freePort();
  const w = spawnWorker(env.cli, { configPath, redisUrl: env.redis.url, port, logFile: join(env.tmp, `${name}.log`), extraEnv: env.workerEnv, nodeArgs: env.workerNodeArgs, cpuProfDir: profDir });
  const poll = new Queue('poll-feed', { connection: env.redis.client, prefix: '{newswatch}' });
  try {
    await waitReady(w);
    return await run({ pid: w.pid, port, poll });
  } finally {
    await poll.close();
    await stopWorker(w);
  }
}

async function articleQueueEmpty(env: Env): Promise<boolean> {
  const k = '{newswatch}:fetch-article:';
  const r = await env.redis.client.pipeline().llen(k + 'wait').zcard(k + 'prioritized').llen(k + 'active').zcard(k + 'delayed').exec();
  return (r ?? []).every(([, v]) => Number(v) === 0);
}

export async function runBurstThroughput(env: Env, spec: BurstSpec, profile = false) {
  const quiet = await waitForQuiet();
  if (quiet.busyCores >= 0.3) env.log(`  burst: machine still busy (${quiet.busyCores.toFixed(2)} cores used by other processes): figures will be skewed`);
  const hosts = Math.min(spec.hosts, env.site.hostBases.length);
  const feedUrls = Array.from({ length: hosts }, (_, i) => `${env.site.hostBases[i]}/f/${i}.xml`);
  await env.site.setPhase({ mode: 'burst', rate: 0, seed: 11, seqBase: 400_000_000, seqStep: 1, feeds: hosts, hosts, feedSize: spec.items + 10, from: Date.now(), until: Date.now() });
  const profDir = profile ? join(env.tmp, `prof-burst-${Date.now()}`) : undefined;
  if (profDir) mkdirSync(profDir, { recursive: true });
  const result = await withWorker(env, 'burst', feedUrls, async ({ pid, port, poll }) => {
    /** The warm-up burst: the worker from a cold start. */
    let warmup: { cleared: boolean; articles: number; cpuSecPerArticle?: number } | undefined;
    if (spec.warmupItems > 0) {
      const w = await publishAndClear(env, hosts, spec.warmupItems, { pid, port, poll }, 300_000);
      warmup = { cleared: w.cleared, articles: w.articles, cpuSecPerArticle: w.articles > 0 ? w.cpuSec / w.articles : undefined };
      // A pause, so the hosts' gaps and reserved turns lapse before the measured burst.
      await sleep(2_000);
    }
    const { seqs, cleared, startedAt, endedAt, cpuSec: cpu, articles: processed } = await publishAndClear(env, hosts, spec.items, { pid, port, poll }, 600_000);
    const times = await env.site.items(seqs);
    const firstServed = Math.min(...times.map((t) => t.served ?? Infinity));
    const lastFetched = Math.max(...times.map((t) => t.fetchEnd ?? 0));
    const watch = await env.site.hosts();
    const clearS = (endedAt - startedAt) / 1000;
    const perHostPerSec = Math.min(1000 / HOST_LIMITS.gapMs, HOST_LIMITS.maxConcurrent / 0.001);
    return {
      hosts,
      itemsPerHost: spec.items,
      cleared,
      articles: processed,
      pagesFetched: times.filter((t) => t.fetchStart !== undefined).length,
      clearS,
      /** From the first feed answer to the last page answer (the site's own clock). */
      siteSpanS: (lastFetched - firstServed) / 1000,
      articlesPerSec: processed / clearS,
      hostBoundPerSec: hosts * perHostPerSec,
      workerCpuS: cpu,
      cpuSecPerArticle: processed > 0 ? cpu / processed : undefined,
      /** The warm-up burst's CPU per article: the worker from a cold start. */
      warmup,
      maxInFlight: watch.maxInFlight,
      minGapMs: watch.minGapMs,
      shortGaps: watch.shortGaps,
      requests: watch.requests,
      /** The site's own event-loop delay over the run: how late its arrival times can be. */
      siteLoopLagMaxMs: watch.loopLagMaxMs,
      quietBeforeStart: quiet,
      profile: undefined as ProfileSummary | undefined,
    };
  }, profDir);
  const file = profDir ? readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (profDir && file) result.profile = summariseProfile(join(profDir, file), 30);
  return result;
}

/**
 * `items` new items on each of the first `hosts` feeds, every feed's poll at
 * once, run until the site has served every page and the article queue is
 * empty: the worker's CPU and the articles it extracted meanwhile.
 */
async function publishAndClear(env: Env, hosts: number, items: number, w: { pid: number; port: number; poll: Queue }, timeoutMs: number) {
  const pagesBefore = (await env.site.stats()).pages;
  const seqs = (await Promise.all(Array.from({ length: hosts }, (_, i) => env.site.publish(i, items)))).flat();
  const before = { cpu: readProc(w.pid)?.cpuSec ?? 0, metrics: await scrapeMetrics(w.port), at: Date.now() };
  await pollFeedsNow(w.poll, env.redis.client);
  const cleared = await untilTrue(async () => (await env.site.stats()).pages >= pagesBefore + hosts * items && (await articleQueueEmpty(env)), timeoutMs);
  const endedAt = Date.now();
  const cpuSec = (readProc(w.pid)?.cpuSec ?? 0) - before.cpu;
  const articles = metricSum(await scrapeMetrics(w.port), 'newswatch_extraction_source_total') - metricSum(before.metrics, 'newswatch_extraction_source_total');
  return { seqs, cleared, startedAt: before.at, endedAt, cpuSec, articles };
}

/** Feed answer → page answer of one item on host B, in ms. */
const itemDelay = (t: ItemTimes | undefined) => (t?.served !== undefined && t.fetchEnd !== undefined ? t.fetchEnd - t.served : undefined);

export async function runBurstIsolation(env: Env, spec: BurstSpec) {
  await waitForQuiet();
  const feedUrls = [0, 1].map((i) => `${env.site.hostBases[i]}/f/${i}.xml`);
  const [bigFeed, smallFeed] = feedUrls.map((u) => feedIdFromUrl(u));
  await env.site.setPhase({ mode: 'burst', rate: 0, seed: 12, seqBase: 500_000_000, seqStep: 1, feeds: 2, hosts: 2, feedSize: spec.bigItems + 10, from: Date.now(), until: Date.now() });
  return withWorker(env, 'burst-isolation', feedUrls, async ({ poll }) => {
    const oneItem = async () => {
      const [seq] = await env.site.publish(1, 1);
      await pollFeedsNow(poll, env.redis.client, smallFeed);
      await untilTrue(async () => (await env.site.items([seq!]))[0]?.fetchEnd !== undefined, 30_000, 10);
      return (await env.site.items([seq!]))[0];
    };
    // Before the big burst: the first poll of both feeds (old items only), then one item on a quiet host.
    await pollFeedsNow(poll, env.redis.client);
    await untilTrue(async () => (await env.site.stats()).feed200 >= 2, 30_000);
    await sleep(1_000);
    const quietItem = await oneItem();
    const bigSeqs = await env.site.publish(0, spec.bigItems);
    await pollFeedsNow(poll, env.redis.client, bigFeed);
    await sleep(2_000);
    const busyItem = await oneItem();
    const bigDone = (await env.site.items(bigSeqs)).filter((t) => t.fetchEnd !== undefined).length;
    // The page's own fetch, as the site saw it (request arrival to answer finished).
    const fetchMs = busyItem?.fetchEnd !== undefined && busyItem.fetchStart !== undefined ? busyItem.fetchEnd - busyItem.fetchStart : undefined;
    const watch = await env.site.hosts();
    return {
      bigItems: spec.bigItems,
      bigFetchedBeforeTheSmallOne: bigDone,
      quietDelayMs: itemDelay(quietItem),
      busyDelayMs: itemDelay(busyItem),
      boundMs: HOST_LIMITS.gapMs + (fetchMs ?? 0),
      fetchMs,
      maxInFlight: watch.maxInFlight,
      minGapMs: watch.minGapMs,
    };
  });
}

export type BurstThroughput = Awaited<ReturnType<typeof runBurstThroughput>>;
export type BurstIsolation = Awaited<ReturnType<typeof runBurstIsolation>>;
