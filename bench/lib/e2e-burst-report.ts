/** The burst phase's table and its comparison with the targets of issue 16. */
import type { FloorResult } from './e2e-floor-phase.js';
import type { BurstIsolation, BurstThroughput } from './e2e-burst.js';
import { HOST_LIMITS } from './e2e-burst.js';
import { f, table, type TargetRow } from './e2e-report.js';
import { SHORT_GAP_MS } from './e2e-host-watch.js';

const median = (xs: number[]): number | undefined => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1]! + s[m]!) / 2;
};

/** Server-side arrival times jitter by the worker's event loop and the socket; a gap this far under the limit still counts as kept. */
const GAP_TOLERANCE_MS = 10;

export function printBurstReport(floor: FloorResult[], runs: BurstThroughput[], isolation?: BurstIsolation): TargetRow[] {
  const p5 = floor.find((x) => x.procs === 1 && x.parser === 'parse5');
  const h2 = floor.find((x) => x.procs === 1 && x.parser === 'htmlparser2');
  const first = runs[0]!;
  console.log(`Burst: ${first.hosts} hosts x ${first.itemsPerHost} items at once, 1 worker (limits per host: ${HOST_LIMITS.maxConcurrent} in flight, ${HOST_LIMITS.gapMs} ms between starts)`);
  const rows = runs.map((r, i) => [
    String(i + 1),
    `${r.articles}/${r.hosts * r.itemsPerHost}`,
    f(r.clearS),
    f(r.articlesPerSec),
    f(r.hostBoundPerSec, 0),
    f(p5?.pagesPerSec),
    f(h2?.pagesPerSec),
    f((r.cpuSecPerArticle ?? NaN) * 1000, 2),
    f((r.warmup?.cpuSecPerArticle ?? NaN) * 1000, 2),
    f((h2?.cpuSecPerPage ?? NaN) * 1000, 2),
    String(r.maxInFlight),
    f(r.minGapMs, 0),
    r.shortGaps === undefined ? '-' : `${r.shortGaps} of ${r.requests}`,
    f(r.siteLoopLagMaxMs, 0),
  ]);
  const med = (pick: (r: BurstThroughput) => number | undefined) => median(runs.map((r) => pick(r) ?? NaN));
  rows.push(['median', '', f(med((r) => r.clearS)), f(med((r) => r.articlesPerSec)), '', '', '', f((med((r) => r.cpuSecPerArticle) ?? NaN) * 1000, 2), f((med((r) => r.warmup?.cpuSecPerArticle) ?? NaN) * 1000, 2), '', String(Math.max(...runs.map((r) => r.maxInFlight))), f(Math.min(...runs.map((r) => r.minGapMs ?? Infinity)), 0), '', '']);
  console.log(
    table(['run', 'articles', 'clear s', 'articles/s', 'host bound/s', 'floor parse5/s', 'floor h2/s', 'CPU ms/article', 'cold: warm-up CPU ms/article', 'floor h2 CPU ms/page', 'max in flight', 'min gap ms', `gaps < ${SHORT_GAP_MS} ms`, 'site loop lag max ms'], rows),
  );
  console.log();

  const out: TargetRow[] = [];
  const rate = med((r) => r.articlesPerSec)!;
  const hostBound = first.hostBoundPerSec;
  const bound = Math.min(hostBound, p5?.pagesPerSec ?? Infinity);
  out.push({
    target: `burst ${first.hosts} x ${first.itemsPerHost}: articles/s vs the lower of the host-limit bound and the bare loop (parse5, 1 process)`,
    measured: `${f(rate)}/s vs min(${f(hostBound, 0)}, ${f(p5?.pagesPerSec)}) = ${f(rate / bound, 2)}x; vs the htmlparser2 loop's min(${f(hostBound, 0)}, ${f(h2?.pagesPerSec)}) = ${f(rate / Math.min(hostBound, h2?.pagesPerSec ?? Infinity), 2)}x`,
    goal: '≥ 0.70x',
    verdict: Number.isFinite(bound) ? (rate / bound >= 0.7 ? 'met' : 'missed') : 'not measured',
  });
  const cpu = med((r) => r.cpuSecPerArticle);
  const cold = med((r) => r.warmup?.cpuSecPerArticle);
  const floorCpu = h2?.cpuSecPerPage ?? NaN;
  out.push({
    target: 'burst: worker CPU per article vs the bare htmlparser2 fetch + load (both warm)',
    measured:
      `${f((cpu ?? NaN) * 1000, 2)} ms vs ${f(floorCpu * 1000, 2)} ms = ${f((cpu ?? NaN) / floorCpu, 2)}x` +
      (cold === undefined ? '' : `; a cold worker's first ${first.warmup?.articles ?? '?'} articles: ${f(cold * 1000, 2)} ms = ${f(cold / floorCpu, 2)}x`),
    goal: '≤ 2x',
    verdict: cpu !== undefined && h2 ? (cpu / h2.cpuSecPerPage <= 2 ? 'met' : 'missed') : 'not measured',
  });
  const maxIn = Math.max(...runs.map((r) => r.maxInFlight), isolation?.maxInFlight ?? 0);
  const minGap = Math.min(...runs.map((r) => r.minGapMs ?? Infinity), isolation?.minGapMs ?? Infinity);
  out.push({
    target: 'burst: what any host saw (serving side)',
    measured: `at most ${maxIn} in flight, smallest gap ${f(minGap, 0)} ms; gaps under ${SHORT_GAP_MS} ms: ${runs.map((r) => `${r.shortGaps ?? '-'}/${r.requests ?? '-'}`).join(', ')}; the site's own event loop ran up to ${runs.map((r) => f(r.siteLoopLagMaxMs, 0)).join(', ')} ms late`,
    goal: `≤ ${HOST_LIMITS.maxConcurrent}, ≥ ${HOST_LIMITS.gapMs} ms (−${GAP_TOLERANCE_MS} ms arrival jitter)`,
    verdict: maxIn <= HOST_LIMITS.maxConcurrent && minGap >= HOST_LIMITS.gapMs - GAP_TOLERANCE_MS ? 'met' : 'missed',
  });
  if (isolation) {
    const i = isolation;
    // "the fetch": what one article takes beyond its host's gap on a quiet worker (job pick-up, request, answer).
    const fetch = i.quietDelayMs !== undefined ? Math.max(i.quietDelayMs - HOST_LIMITS.gapMs, i.fetchMs ?? 0) : undefined;
    const limit = fetch !== undefined ? HOST_LIMITS.gapMs + fetch + GAP_TOLERANCE_MS : undefined;
    out.push({
      target: `one host with ${i.bigItems} new items: a new article on another host, its feed answer to its page answer`,
      measured: `${f(i.busyDelayMs, 0)} ms (quiet worker: ${f(i.quietDelayMs, 0)} ms; ${i.bigFetchedBeforeTheSmallOne} of the ${i.bigItems} fetched by then)`,
      goal: `≤ gap ${HOST_LIMITS.gapMs} ms + fetch ${f(fetch, 0)} ms (+${GAP_TOLERANCE_MS})`,
      verdict: limit === undefined || i.busyDelayMs === undefined ? 'not measured' : i.busyDelayMs <= limit ? 'met' : 'missed',
    });
  }
  const prof = runs.find((r) => r.profile)?.profile;
  if (prof) {
    console.log(`CPU profile of burst run 1 (whole worker life): idle ${f(prof.idleShare * 100)}%; shares of busy time by place:`);
    for (const r of prof.places.slice(0, 15)) console.log(`  ${f(r.share * 100).padStart(5)}%  ${r.name}`);
    console.log('  top self-time functions:');
    for (const r of prof.functions.slice(0, 30)) console.log(`  ${f(r.share * 100).padStart(5)}%  ${r.name}`);
    console.log();
  }
  console.log('Burst targets');
  console.log(table(['target', 'measured', 'goal', 'verdict'], out.map((r) => [r.target, r.measured, r.goal, r.verdict])));
  return out;
}
