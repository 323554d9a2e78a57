/**
 * Simulates a week of polling a mixed set of 100 feeds under `interval: auto`
 * (floor 1m, ceiling 6h; and a variant with a 5m floor) and under a fixed
 * 5-minute interval, with the same planner the worker uses (planNextPoll).
 * Prints polls per day and the delay from an item's publication to the poll
 * that first sees it (median, p95), overall and per kind of feed.
 *
 *   npx tsx bench/polling-sim.ts
 *
 * Writes bench/results/polling-sim.json. Deterministic: seeded PRNG.
 *
 * The model: a poll sees the newest `cap` items published up to its time
 * and passes their publication times to the planner (the worker keeps no
 * longer history), so busy feeds show a truncated list. Items pushed out of
 * the list before any poll saw them count as missed. Four feeds fail for 12
 * hours on day 3 (two answer 503 with Retry-After: 3600, two 500).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planNextPoll } from '../src/schedule/adaptive.js';
import type { PollInterval } from '../src/config/types.js';
import { prng } from './lib/prng.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.parse('2026-11-02T00:00:00.000Z');
const DAYS = 7;
const END = START + DAYS * DAY;
const HISTORY = 30 * DAY;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = path.join(repoRoot, 'bench/results/polling-sim.json');


type Kind = 'wire' | 'news' | 'blog' | 'dormant';
interface SimFeed {
  kind: Kind;
  /** Publication times, ascending. */
  items: number[];
  cap: number;
  ttlMinutes?: number;
  headers: Record<string, string>;
  outage?: { from: number; to: number; status: number; headers: Record<string, string> };
}

/** Poisson arrivals at `perHour` while the UTC hour is in [fromHour, toHour), over [from, to). */
function daytimeArrivals(rand: () => number, perHour: number, fromHour: number, toHour: number, from: number, to: number): number[] {
  const out: number[] = [];
  const openMs = (toHour - fromHour) * HOUR;
  // Walk in "open time" and map back to the clock, so nights are skipped.
  let open = 0;
  const days = Math.ceil((to - from) / DAY);
  for (;;) {
    open += (-Math.log(1 - rand()) / perHour) * HOUR;
    const day = Math.floor(open / openMs);
    if (day >= days) return out;
    const t = from + day * DAY + fromHour * HOUR + (open - day * openMs);
    if (t < to) out.push(t);
  }
}

function buildFeeds(seed: number): SimFeed[] {
  const rand = prng(seed);
  const feeds: SimFeed[] = [];
  const from = START - HISTORY;
  for (let i = 0; i < 10; i++) {
    const gapMin = 3 + 7 * rand();
    const headers: Record<string, string> = i % 3 === 0 ? { 'cache-control': 'max-age=60' } : {};
    feeds.push({ kind: 'wire', items: daytimeArrivals(rand, 60 / gapMin, 6, 22, from, END), cap: 100, headers });
  }
  for (let i = 0; i < 30; i++) {
    const perDay = 20 + 40 * rand();
    const feed: SimFeed = { kind: 'news', items: daytimeArrivals(rand, perDay / 17, 6, 23, from, END), cap: 50, headers: {} };
    if (i % 5 === 0) feed.ttlMinutes = 60;
    if (i % 5 === 1) feed.headers = { 'cache-control': 'public, max-age=1800' };
    feeds.push(feed);
  }
  for (let i = 0; i < 40; i++) {
    const perWeek = 1 + 6 * rand();
    const feed: SimFeed = { kind: 'blog', items: daytimeArrivals(rand, perWeek / 7 / 24, 0, 24, from, END), cap: 10, headers: {} };
    if (i % 4 === 0) feed.headers = { 'cache-control': 'max-age=1800' };
    if (i % 4 === 1) feed.ttlMinutes = 60;
    feeds.push(feed);
  }
  for (let i = 0; i < 20; i++) {
    const newest = START - (30 + 300 * rand()) * DAY;
    const items = Array.from({ length: 10 }, (_, k) => newest - (9 - k) * (5 + 20 * rand()) * DAY);
    feeds.push({ kind: 'dormant', items, cap: 10, headers: {}, ...(i % 2 === 0 ? { ttlMinutes: 60 } : {}) });
  }
  const outageAt = START + 3 * DAY + 8 * HOUR;
  for (const [index, status] of [[10, 503], [11, 500], [40, 503], [41, 500]] as const) {
    const headers: Record<string, string> = status === 503 ? { 'retry-after': '3600' } : {};
    feeds[index]!.outage = { from: outageAt, to: outageAt + 12 * HOUR, status, headers };
  }
  return feeds;
}

interface FeedRun {
  polls: number;
  delays: number[];
  missed: number;
  /** For a feed with an outage: from its end to the first poll that answered. */
  recoveryMs?: number;
}

function simulate(feed: SimFeed, interval: PollInterval, minIntervalMs: number, rand: () => number): FeedRun {
  const run: FeedRun = { polls: 0, delays: [], missed: 0 };
  let seenUpTo = START; // items before the start are the backlog, marked seen on the first poll
  let failures = 0;
  let lo = 0; // index of the first item not yet published at the last poll
  let t = START + rand() * 5 * MIN;
  // Poll past the end so late items are still seen; count only polls inside the week.
  while (t < END + 12 * HOUR) {
    if (t < END) run.polls++;
    const out = feed.outage && t >= feed.outage.from && t < feed.outage.to ? feed.outage : undefined;
    let outcome: 'changed' | 'not-modified' | 'error';
    let visible: number[] = [];
    if (out) {
      failures++;
      outcome = 'error';
    } else {
      if (feed.outage && t >= feed.outage.to && run.recoveryMs === undefined) run.recoveryMs = t - feed.outage.to;
      failures = 0;
      while (lo < feed.items.length && feed.items[lo]! <= t) lo++;
      visible = feed.items.slice(Math.max(0, lo - feed.cap), lo);
      const oldestVisible = visible[0] ?? Infinity;
      let fresh = 0;
      for (let k = lo - 1; k >= 0 && feed.items[k]! > seenUpTo; k--) {
        const pub = feed.items[k]!;
        if (pub >= END) continue;
        if (pub < oldestVisible) run.missed++;
        else run.delays.push(t - pub);
        fresh++;
      }
      if (lo > 0) seenUpTo = Math.max(seenUpTo, feed.items[lo - 1]!);
      outcome = fresh > 0 ? 'changed' : 'not-modified';
    }
    const plan = planNextPoll({
      interval,
      minIntervalMs,
      maxIntervalMs: 6 * HOUR,
      now: t,
      itemTimes: visible,
      outcome,
      failures,
      ttlMinutes: feed.ttlMinutes,
      headers: out ? out.headers : feed.headers,
      status: out ? out.status : outcome === 'changed' ? 200 : 304,
    });
    t += plan.delayMs;
  }
  return run;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

interface Summary {
  feeds: number;
  pollsPerDay: number;
  items: number;
  missed: number;
  delayMedianMin: number;
  delayP95Min: number;
  /** Feeds with an outage: minutes from its end to the first poll that answered. */
  recoveryMin?: number[];
}

function summarize(runs: FeedRun[]): Summary {
  const delays = runs.flatMap((r) => r.delays).sort((a, b) => a - b);
  const recoveries = runs.flatMap((r) => (r.recoveryMs === undefined ? [] : [r.recoveryMs]));
  const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    feeds: runs.length,
    pollsPerDay: round(runs.reduce((s, r) => s + r.polls, 0) / DAYS, 0),
    items: delays.length,
    missed: runs.reduce((s, r) => s + r.missed, 0),
    delayMedianMin: round(quantile(delays, 0.5) / MIN),
    delayP95Min: round(quantile(delays, 0.95) / MIN),
    ...(recoveries.length > 0 ? { recoveryMin: recoveries.map((ms) => round(ms / MIN, 1)) } : {}),
  };
}

/** The kind of feed, and whether it carries a publisher hint (ttl, max-age) that can slow auto down. */
function groupOf(feed: SimFeed): string {
  if (feed.ttlMinutes !== undefined) return `${feed.kind}+ttl${feed.ttlMinutes}`;
  const maxAge = /max-age=(\d+)/.exec(feed.headers['cache-control'] ?? '')?.[1];
  return maxAge ? `${feed.kind}+max-age${maxAge}` : feed.kind;
}

const feeds = buildFeeds(20261102);
const modes: Record<string, { interval: PollInterval; minIntervalMs: number }> = {
  'auto (1m..6h)': { interval: { kind: 'auto' }, minIntervalMs: MIN },
  'auto (5m..6h)': { interval: { kind: 'auto' }, minIntervalMs: 5 * MIN },
  'fixed 5m': { interval: { kind: 'fixed', ms: 5 * MIN }, minIntervalMs: MIN },
};
const order = ['all', 'wire', 'wire+max-age60', 'news', 'news+ttl60', 'news+max-age1800', 'blog', 'blog+ttl60', 'blog+max-age1800', 'dormant', 'dormant+ttl60'];

const results: Record<string, Record<string, Summary>> = {};
for (const [name, mode] of Object.entries(modes)) {
  const rand = prng(7);
  const runs = feeds.map((feed) => ({ group: groupOf(feed), run: simulate(feed, mode.interval, mode.minIntervalMs, rand) }));
  results[name] = { all: summarize(runs.map((r) => r.run)) };
  for (const group of [...new Set(runs.map((r) => r.group))]) {
    results[name]![group] = summarize(runs.filter((r) => r.group === group).map((r) => r.run));
  }
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
console.log(`${DAYS} simulated days, ${feeds.length} feeds; delay = publication to first poll that sees the item, minutes\n`);
console.log(`${'mode'.padEnd(15)}${'feeds'.padEnd(20)}${pad('n', 3)}${pad('polls/day', 10)}${pad('items', 8)}${pad('missed', 8)}${pad('median', 9)}${pad('p95', 9)}`);
for (const [name, byKind] of Object.entries(results)) {
  for (const kind of order) {
    const s = byKind[kind];
    if (!s) continue;
    console.log(
      `${name.padEnd(15)}${kind.padEnd(20)}${pad(s.feeds, 3)}${pad(s.pollsPerDay, 10)}${pad(s.items, 8)}${pad(s.missed, 8)}${pad(s.delayMedianMin, 9)}${pad(s.delayP95Min, 9)}`,
    );
  }
}

fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.writeFileSync(
  resultsFile,
  `${JSON.stringify(
    {
      days: DAYS,
      feeds: { wire: 10, news: 30, blog: 40, dormant: 20 },
      ceilingMs: 6 * HOUR,
      note: 'delay = publication to the first poll that sees the item; missed = pushed out of the feed list before any poll',
      results,
    },
    null,
    2,
  )}\n`,
);
for (const [name, byKind] of Object.entries(results)) {
  console.log(`${name}: after a 12 h outage, first good poll (min after it ended): ${byKind['all']!.recoveryMin?.join(', ')}`);
}
console.log(`\nwrote ${path.relative(repoRoot, resultsFile)}`);
