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
 *
 * The Arabic-script row matches 10,000 Arabic-script people in 1 M characters
 * of generated Arabic news-like text (bench/lib/arabic-text.ts), with the
 * same two baselines left out: a regex cannot fold the letters the matcher
 * folds, so it would not find the same mentions.
 *
 * Reads the article text from the corpus (--corpus DIR, NEWSWATCH_CORPUS, or
 * ../shared/corpus; bench/lib/corpus.ts) and stops with a message when it is absent.
 *
 * Before/after: NEWSWATCH_MATCH_BASELINE=/path/to/other/checkout/src/match/index.ts
 * also runs that matcher and this one side by side, alternating, on the
 * 10,000-people Latin and Arabic inputs (bench/lib/match-ab.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityConfig, WatchlistConfig } from '../src/config/types.js';
import { compileMatcher } from '../src/match/index.js';
import * as currentMatcher from '../src/match/index.js';
import { arabicFoldCollisions } from './lib/arabic-fold-collisions.js';
import { buildArabicText, generateArabicPeople } from './lib/arabic-text.js';
import { corpusFolder } from './lib/corpus.js';
import { compareMatchers } from './lib/match-ab.js';
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

/** The Arabic-script row: set-up, speed, and config → first article at 10,000 people. */
function benchArabic(count: number) {
  const people = generateArabicPeople(count);
  const text = buildArabicText(people, TEXT_BYTES);
  const cold = coldStart(people, text.slice(0, 8_000));
  const t = performance.now();
  const matcher = compileMatcher(watchlistOf(people));
  const compileMs = performance.now() - t;
  const found = matcher.match({ text })[0]?.matches.reduce((n, m) => n + m.count, 0) ?? 0;
  const matchMs = timeMedian(() => matcher.match({ text }), 5);
  const utf8 = Buffer.byteLength(text, 'utf8');
  return {
    people: count,
    names: people.length * 3,
    textChars: text.length,
    textUtf8Bytes: utf8,
    coldStartMs: round(cold.ms),
    matcher: {
      compileMs: round(compileMs),
      matchMs: round(matchMs),
      mbPerS: mbPerS(text.length, matchMs),
      utf8MbPerS: mbPerS(utf8, matchMs),
      mentions: found,
    },
  };
}

async function main(): Promise<void> {
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

  const arabic = benchArabic(10_000);
  console.log(
    `\nArabic script, ${arabic.people} people, ${arabic.textChars} chars (${arabic.textUtf8Bytes} UTF-8 bytes): ` +
      `compile ${arabic.matcher.compileMs} ms, ${arabic.matcher.mbPerS} M chars/s (${arabic.matcher.utf8MbPerS} MB/s of UTF-8), ` +
      `config → first article ${arabic.coldStartMs} ms, ${arabic.matcher.mentions} mentions`,
  );

  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const folds = arabicFoldCollisions();
  if (folds) {
    const pct = (c: { words: number; collide: number }) => `${c.collide} of ${c.words} (${((100 * c.collide) / c.words).toFixed(1)} %)`;
    console.log(
      `\nArabic folding collisions in ${folds.dictionary} (${folds.stems} stems): ` +
        `ة-words with a different ه-word ${pct(folds.tehMarbuta)}; ى-words with a different ي-word ${pct(folds.alefMaqsura)}`,
    );
  }

  let sideBySide: Awaited<ReturnType<typeof compareMatchers>> | undefined;
  const baseline = process.env.NEWSWATCH_MATCH_BASELINE;
  if (baseline) {
    const arabicPeople = generateArabicPeople(10_000);
    sideBySide = await compareMatchers(baseline, currentMatcher, [
      { label: 'Latin, 10,000 people', watchlists: watchlistOf(people10k), text: buildText(people10k) },
      { label: 'Arabic script, 10,000 people', watchlists: watchlistOf(arabicPeople), text: buildArabicText(arabicPeople, TEXT_BYTES) },
    ]);
    console.log(`\nside by side with ${baseline} (alternating rounds; M chars/s median wall / median CPU / best wall; compile ms median / best)`);
    for (const r of sideBySide) {
      const f = (s: (typeof r)['current']) => `${s.wallMbPerS} / ${s.cpuMbPerS} / ${s.bestWallMbPerS}, compile ${s.compileMs} / ${s.bestCompileMs}`;
      console.log(`${r.label}: baseline ${f(r.baseline)}; current ${f(r.current)}`);
    }
  }
  const results = { node: process.version, date: new Date().toISOString(), coldStart10k: { ms: round(cold.ms) }, rows, arabic, sideBySide, arabicFoldCollisions: folds };
  writeFileSync(`${out}match.json`, `${JSON.stringify(results, null, 2)}\n`);
}

await main();
