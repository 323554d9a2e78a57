/**
 * End-to-end benchmark: the worker as it ships (compiled, `newswatch run`),
 * a real redis-server, and a local news site, for a fixed time per phase.
 *
 *   npx tsx bench/e2e.ts [--quick] [--duration S] [--phases floor,poll,articles|articles-1|articles-3,burst] [--full] [--profile]
 *                        [--items-per-poll N] [--worker-env NAME=VALUE ...] [--worker-node-arg FLAG ...] [--floor-procs 1,3]
 *                        [--burst-hosts H] [--burst-items N] [--burst-big N] [--burst-runs R] [--burst-warmup W]
 *
 * Processes (the machine's cores are shared by all of them; the table shows
 * each one's CPU so the load generators' share is visible):
 * - this process: orchestration and sampling only (1 s ticks);
 * - bench/lib/e2e-site.ts, a child: RSS feeds and pages on 127.0.0.2 upward
 *   (one server per address; the worker allows 2 requests at once and one
 *   start per 250 ms per host, so feeds are spread over many hosts) and the
 *   webhook receiver on 127.0.0.1, which verifies every signature;
 * - redis-server (append-only file on, noeviction);
 * - 1 or 3 workers: node dist/workers/cli.js run, LOG_LEVEL=warn;
 * - the floor: 1 or 3 bare fetch + cheerio.load loops (concurrency 8 each,
 *   the worker's article concurrency) over the same pages.
 *
 * Phases (floor runs first: its rate sizes the article phase's load):
 * - floor: pages/s of the bare loop with 1 and with 3 processes.
 * - poll: F feeds at interval I, the same poll rate as 10,000 feeds at 5 min
 *   (default 1,000 at 30 s = 33/s; the first cycle, all 200s, is warm-up),
 *   over 240 hosts (about the per-host poll rate of 40 feeds per host at
 *   5 min), mostly 304; a trickle of new items (2/s, half of them seed-story
 *   variants that alert) gives the alert delay when the worker is not saturated.
 *   --full adds 10,000 feeds at 5 min for memory (about 7 minutes more).
 * - articles: feeds (10 s interval, over 240 hosts) publishing faster than
 *   the workers can keep up (1.5 x the best floor rate, at least 60/s), each
 *   poll finding --items-per-poll new items (default 1), with 1 and 3
 *   workers: articles/s fetched, extracted, matched and alerts queued.
 * - burst (bench/lib/e2e-burst.ts): H hosts (default 20) each publishing N
 *   items (default 60) at once, cleared by 1 worker, R times (default 3;
 *   medians reported): time to clear, articles/s against the bound of the
 *   per-host limits and the floor's rate, CPU per article against the floor's,
 *   and the largest concurrency and smallest gap any host saw; then one host
 *   with --burst-big items (default 300) and one article on another host.
 *   Each measured burst meets a warm worker: the same process first clears
 *   --burst-warmup items per host (default 10; 0 for none), whose CPU per
 *   article is reported as the cold figure.
 *   `--phases floor,burst --floor-procs 1` runs just what its targets need.
 * Writes bench/results/e2e.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWorker, ROOT, startRedis } from './lib/e2e-worker.js';
import { startSite } from './lib/e2e-site-client.js';
import { runWorkerPhase, type Env, type WorkerPhaseResult } from './lib/e2e-phases.js';
import { runFloor, type FloorResult } from './lib/e2e-floor-phase.js';
import { printReport } from './lib/e2e-report.js';
import { runBurstIsolation, runBurstThroughput, type BurstIsolation, type BurstThroughput } from './lib/e2e-burst.js';
import { printBurstReport } from './lib/e2e-burst-report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    phases: { type: 'string', default: 'floor,poll,articles' },
    full: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'items-per-poll': { type: 'string', default: '1' },
    'worker-env': { type: 'string', multiple: true, default: [] },
    'worker-node-arg': { type: 'string', multiple: true, default: [] },
    'floor-procs': { type: 'string', default: '1,3' },
    'burst-hosts': { type: 'string', default: '20' },
    'burst-items': { type: 'string', default: '60' },
    'burst-big': { type: 'string', default: '300' },
    'burst-runs': { type: 'string', default: '3' },
    'burst-warmup': { type: 'string', default: '10' },
  },
});
const quick = values.quick!;
const duration = Number(values.duration ?? (quick ? 10 : 60));
const phases = new Set(values.phases!.split(',').map((s) => s.trim()));
const log = (line: string) => process.stderr.write(line + '\n');

const pollInterval = quick ? 10 : 30;
const plan = {
  floor: { warmupS: 3, measureS: Math.max(5, Math.round(duration / 3)) },
  poll: { feeds: Math.round((10_000 / 300) * pollInterval), intervalS: pollInterval, warmupS: pollInterval + 10, measureS: duration },
  articles: { intervalS: 10, itemsPerPoll: Number(values['items-per-poll']), warmupS: quick ? 10 : 20, measureS: Math.max(10, Math.round((duration * 2) / 3)) },
};

const tmp = mkdtempSync(join(tmpdir(), 'newswatch-e2e-'));
log(`e2e bench: temp files in ${tmp}`);
const t0 = Date.now();
log('building the worker (tsc -p tsconfig.build.json)…');
const build = await buildWorker();
const redisDir = join(tmp, 'redis');
mkdirSync(redisDir);
const redis = await startRedis(redisDir);
const site = await startSite();
// The worker runs as the Docker image runs it (its heap cap), unless --worker-env says otherwise.
const workerEnv = {
  NODE_OPTIONS: '--max-old-space-size=256 --max-semi-space-size=32',
  ...Object.fromEntries((values['worker-env'] ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
};
const env: Env = { cli: build.cli, redis, site, tmp, log, workerEnv, workerNodeArgs: values['worker-node-arg'] ?? [] };

const floor: FloorResult[] = [];
const worker: WorkerPhaseResult[] = [];
const burst: { runs: BurstThroughput[]; isolation?: BurstIsolation } = { runs: [] };
const burstSpec = { hosts: Number(values['burst-hosts']), items: Number(values['burst-items']), bigItems: Number(values['burst-big']), warmupItems: Number(values['burst-warmup']) };
try {
  if (phases.has('floor')) {
    for (const parser of ['parse5', 'htmlparser2'] as const) {
      for (const procs of values['floor-procs']!.split(',').map(Number)) {
        log(`floor: ${procs} process(es), cheerio.load with ${parser}…`);
        floor.push(await runFloor(env, procs, plan.floor.warmupS, plan.floor.measureS, 900_000_000 + procs * 10_000_000 + (parser === 'parse5' ? 0 : 5_000_000), parser));
      }
    }
  }
  if (phases.has('poll')) {
    log(`poll: ${plan.poll.feeds} feeds at ${plan.poll.intervalS}s…`);
    worker.push(
      await runWorkerPhase(env, {
        name: 'poll',
        procs: 1,
        feeds: plan.poll.feeds,
        hosts: 240,
        interval: `${plan.poll.intervalS}s`,
        intervalMs: plan.poll.intervalS * 1000,
        publish: { mode: 'trickle', rate: 2, seqBase: 100_000_000, seed: 1, seqStep: 5 },
        warmupS: plan.poll.warmupS,
        measureS: plan.poll.measureS,
        profile: values.profile,
      }),
    );
  }
  const articleProcs = [1, 3].filter((n) => phases.has('articles') || phases.has(`articles-${n}`));
  if (articleProcs.length > 0) {
    // Publish faster than any process count can keep up with: 1.5 x the best floor, at least 60/s.
    const rate = Math.max(60, 1.5 * Math.max(0, ...floor.filter((f) => f.parser === 'parse5').map((f) => f.pagesPerSec)));
    const perFeedPerSec = plan.articles.itemsPerPoll / plan.articles.intervalS;
    const feeds = Math.ceil(rate / perFeedPerSec);
    for (const procs of articleProcs) {
      log(`articles: ${procs} worker(s), ${feeds} feeds publishing ${(feeds * perFeedPerSec).toFixed(0)} items/s (${plan.articles.itemsPerPoll} per poll)…`);
      worker.push(
        await runWorkerPhase(env, {
          name: `articles-${procs}`,
          procs,
          feeds,
          hosts: 240,
          interval: `${plan.articles.intervalS}s`,
          intervalMs: plan.articles.intervalS * 1000,
          publish: { mode: 'steady', rate: perFeedPerSec, seqBase: 200_000_000 + procs * 10_000_000, seed: procs, seqStep: 1 },
          warmupS: plan.articles.warmupS,
          measureS: plan.articles.measureS,
          profile: values.profile && procs === 1,
        }),
      );
    }
  }
  if (phases.has('burst')) {
    for (let r = 0; r < Number(values['burst-runs']); r++) {
      log(`burst ${r + 1}: ${burstSpec.hosts} hosts x ${burstSpec.items} items at once, 1 worker…`);
      const run = await runBurstThroughput(env, burstSpec, values.profile && r === 0);
      log(`  cleared ${run.articles} articles in ${run.clearS.toFixed(1)} s: ${run.articlesPerSec.toFixed(1)}/s, ${(1000 * (run.cpuSecPerArticle ?? 0)).toFixed(2)} ms CPU/article, max in flight ${run.maxInFlight}, min gap ${run.minGapMs?.toFixed(0)} ms`);
      burst.runs.push(run);
    }
    log(`burst isolation: 1 host with ${burstSpec.bigItems} items, 1 article on another host…`);
    burst.isolation = await runBurstIsolation(env, burstSpec);
  }
  if (values.full) {
    log('full: 10,000 feeds at 5 min (one cycle of warm-up, then measuring)…');
    worker.push(
      await runWorkerPhase(env, {
        name: 'poll-full',
        procs: 1,
        feeds: 10_000,
        hosts: 240,
        interval: '5m',
        intervalMs: 300_000,
        publish: { mode: 'trickle', rate: 2, seqBase: 300_000_000, seed: 3, seqStep: 5 },
        warmupS: 310,
        measureS: Math.max(60, duration),
      }),
    );
  }
} finally {
  await site.close();
  await redis.stop();
  build.cleanup();
}

const git = (args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
};
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  date: new Date().toISOString(),
  commit: git(['rev-parse', '--short', 'HEAD']),
  uncommittedFiles: git(['status', '--porcelain'])?.split('\n').filter(Boolean).length,
  benchSeconds: Math.round((Date.now() - t0) / 1000),
  options: { quick, duration, phases: [...phases], full: values.full, profile: values.profile, itemsPerPoll: plan.articles.itemsPerPoll, workerEnv, workerNodeArgs: env.workerNodeArgs, burst: burstSpec },
};
const summary = printReport(machine, floor, worker);
if (burst.runs.length > 0) summary.push(...printBurstReport(floor, burst.runs, burst.isolation));
const out = join(ROOT, 'bench', 'results', 'e2e.json');
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(out, JSON.stringify({ machine, plan, targets: summary, floor, phases: worker, burst }, null, 2) + '\n');
console.log(`wrote ${out}`);
if (!values.profile) rmSync(tmp, { recursive: true, force: true });
else console.log(`profiles kept in ${tmp}`);
