/**
 * Matcher benchmark: newswatch's token trie against the two obvious
 * alternatives, on 1 MB of real article text, at 10, 1,000 and 10,000 people.
 *
 *   npx tsx bench/match.ts            (writes bench/results/match.json)
 *
 * Baselines, both given the same 3 names per person:
 * - one case-insensitive alternation regex of every name ("alternation"),
 *   its set-up including the first use, when V8 actually compiles it;
 * - one case-insensitive regex per name, run one after another ("loop").
 * The regexes only compare case; they do no Unicode folding, so they do less
 * work than the matcher does.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityConfig, WatchlistConfig } from '../src/config/types.js';
import { compileMatcher } from '../src/match/index.js';
import { corpusFolder } from './lib/corpus.js';
import { prng } from './lib/prng.js';

const TEXT_BYTES = 1_000_000;
const SIZES = [10, 1_000, 10_000];
const LOOP_BUDGET_MS = 3_000;



const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tor', 'vas', 'el', 'da', 'nu', 'sha', 'bri', 'gan', 'ho', 'zel', 'fi', 'quin', 'mar', 'pe', 'tis', 'wol', 'yan', 'cor', 'ul', 'bes'];

function generatePeople(count: number): EntityConfig[] {
  const rand = prng(count);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const word = (n: number): string => {
    const w = Array.from({ length: n }, () => pick(SYLLABLES)).join('');
    return w[0]!.toUpperCase() + w.slice(1);
  };
  const seen = new Set<string>();
  const people: EntityConfig[] = [];
  while (people.length < count) {
    const first = word(2);
    const last = word(2 + Math.floor(rand() * 2));
    const name = `${first} ${last}`;
    if (seen.has(name)) continue;
    seen.add(name);
    people.push({
      id: `p${people.length}`,
      name,
      aliases: [`${first} ${word(1)[0]}. ${last}`, `${word(2)} ${last}`],
      shortNames: [],
      exclude: [],
    });
  }
  return people;
}

/** Ground-truth article bodies, repeated to 1 MB, with generated names sprinkled in. */
function buildText(people: EntityConfig[]): string {
  const truth = JSON.parse(readFileSync(join(corpusFolder('article-extraction-dev'), 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody: string }
  >;
  const bodies = Object.values(truth).map((t) => t.articleBody);
  const rand = prng(42);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < TEXT_BYTES; i++) {
    const body = bodies[i % bodies.length]!;
    // One name per ~2,000 characters, at a sentence start.
    const sentences = body.split(/(?<=\. )/);
    for (let s = 0; s < sentences.length; s += 12) {
      const p = people[Math.floor(rand() * people.length)]!;
      sentences[s] = `${pick3(p, rand)} said that ${sentences[s]}`;
    }
    const piece = sentences.join('');
    parts.push(piece);
    size += piece.length + 2;
  }
  return parts.join('\n\n').slice(0, TEXT_BYTES);
}

function pick3(p: EntityConfig, rand: () => number): string {
  const names = [p.name, ...p.aliases];
  return names[Math.floor(rand() * names.length)]!;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const allNames = (people: EntityConfig[]): string[] => people.flatMap((p) => [p.name, ...p.aliases]);
const mbPerS = (bytes: number, ms: number): number => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;
const round = (ms: number): number => Math.round(ms * 100) / 100;

/** Median of `runs` timings of fn (after one warm-up call). */
function timeMedian(fn: () => unknown, runs: number): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function watchlistOf(people: EntityConfig[]): WatchlistConfig[] {
  return [{ id: 'bench', entities: people, notify: [] }];
}

/** Config → first article matched, before anything else warms the matcher up. */
function coldStart(people: EntityConfig[], article: string): { ms: number; found: number } {
  const t = performance.now();
  const matcher = compileMatcher(watchlistOf(people));
  const result = matcher.match({ title: 'Bench', text: article });
  return { ms: performance.now() - t, found: result[0]?.matches.length ?? 0 };
}

function benchSize(count: number) {
  const people = generatePeople(count);
  const text = buildText(people);
  const names = allNames(people);

  let t = performance.now();
  const matcher = compileMatcher(watchlistOf(people));
  const compileMs = performance.now() - t;
  const found = matcher.match({ text })[0]?.matches.reduce((n, m) => n + m.count, 0) ?? 0;
  const matchMs = timeMedian(() => matcher.match({ text }), 5);

  // Longest first, so the alternation prefers "First M. Last" over "First".
  const sorted = [...names].sort((a, b) => b.length - a.length).map(escape);
  t = performance.now();
  const alternation = new RegExp(`\\b(?:${sorted.join('|')})\\b`, 'gi');
  const altFound = text.match(alternation)?.length ?? 0; // first use: V8 compiles here
  const altSetupMs = performance.now() - t;
  const altMs = timeMedian(() => text.match(alternation)?.length, 3);

  // One regex per name; at scale, run for a fixed budget and extrapolate.
  t = performance.now();
  let done = 0;
  let loopFound = 0;
  for (const name of names) {
    loopFound += text.match(new RegExp(`\\b${escape(name)}\\b`, 'gi'))?.length ?? 0;
    done++;
    if (performance.now() - t > LOOP_BUDGET_MS) break;
  }
  const loopMs = ((performance.now() - t) / done) * names.length;

  return {
    people: count,
    names: names.length,
    textBytes: text.length,
    matcher: { compileMs: round(compileMs), matchMs: round(matchMs), mbPerS: mbPerS(text.length, matchMs), mentions: found },
    alternationRegex: { setupMs: round(altSetupMs), matchMs: round(altMs), mbPerS: mbPerS(text.length, altMs), mentions: altFound },
    regexLoop: {
      matchMs: round(loopMs),
      mbPerS: mbPerS(text.length, loopMs),
      extrapolated: done < names.length,
      namesRun: done,
      mentionsInRun: loopFound,
    },
  };
}

function main(): void {
  const people10k = generatePeople(10_000);
  const article = buildText(people10k).slice(0, 8_000);
  const cold = coldStart(people10k, article);

  const rows = SIZES.map(benchSize);
  console.log(`text: ${rows[0]!.textBytes} chars of ground-truth article text; times in ms (median)\n`);
  console.log('people | names  | matcher compile | matcher MB/s | alternation setup | alternation MB/s | regex loop MB/s');
  for (const r of rows) {
    const loop = `${r.regexLoop.mbPerS}${r.regexLoop.extrapolated ? ` (extrapolated from ${r.regexLoop.namesRun} names)` : ''}`;
    console.log(
      [
        String(r.people).padStart(6),
        String(r.names).padStart(6),
        `${r.matcher.compileMs}`.padStart(15),
        `${r.matcher.mbPerS}`.padStart(12),
        `${r.alternationRegex.setupMs}`.padStart(17),
        `${r.alternationRegex.mbPerS}`.padStart(16),
        loop,
      ].join(' | '),
    );
  }
  console.log(`\nconfig → first article matched at 10,000 people: ${round(cold.ms)} ms (${cold.found} people found)`);
  console.log('mentions found (matcher / alternation):', rows.map((r) => `${r.matcher.mentions}/${r.alternationRegex.mentions}`).join(', '));

  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const results = { node: process.version, date: new Date().toISOString(), coldStart10k: { ms: round(cold.ms) }, rows };
  writeFileSync(`${out}match.json`, `${JSON.stringify(results, null, 2)}\n`);
}

main();
