/**
 * Runs every feed of the developer corpus (--corpus DIR, NEWSWATCH_CORPUS,
 * default ../shared/corpus) through decodeXml + parseFeed and
 * counts, per folder: parsed, errored cleanly (a FeedParseError), crashed
 * (anything else). Also times a generated 100,000-item feed.
 *
 *   npx tsx bench/feed-corpus.ts
 *
 * Writes bench/results/feed-corpus.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeXml } from '../src/encoding/decode.js';
import { FeedParseError, parseFeed } from '../src/feed/index.js';
import { corpusFolder } from './lib/corpus.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = corpusFolder('feeds');
const resultsFile = path.join(repoRoot, 'bench/results/feed-corpus.json');

interface Tally {
  parsed: number;
  errored: number;
  crashed: number;
  items: number;
  ms: number;
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .filter((file) => !file.endsWith('LICENSE') && !file.includes(`${path.sep}expected${path.sep}`))
    .sort();
}

/** feedparser's test server sends the charset named in the file's `Header:` comment. */
function headerCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1').replace(/\0/g, '');
  const contentType = /Header:\s*Content-type:\s*([^\n]*)/i.exec(head)?.[1];
  return contentType ? /charset\s*=\s*([^;\s]+)/i.exec(contentType)?.[1] : undefined;
}

const tallies = new Map<string, Tally>();
const crashes: Array<{ file: string; error: string }> = [];
const errors: Array<{ file: string; error: string }> = [];

for (const file of walk(corpus)) {
  const folder = path.relative(corpus, path.dirname(file));
  const tally = tallies.get(folder) ?? { parsed: 0, errored: 0, crashed: 0, items: 0, ms: 0 };
  tallies.set(folder, tally);
  const bytes = fs.readFileSync(file);
  const started = performance.now();
  try {
    const feed = await parseFeed(decodeXml(bytes, headerCharset(bytes)).text, 'http://example.com/feed.xml');
    tally.parsed += 1;
    tally.items += feed.items.length;
  } catch (error) {
    const entry = { file: path.relative(corpus, file), error: error instanceof Error ? error.message : String(error) };
    if (error instanceof FeedParseError) {
      tally.errored += 1;
      errors.push(entry);
    } else {
      tally.crashed += 1;
      crashes.push(entry);
    }
  }
  tally.ms += performance.now() - started;
}

const total: Tally = { parsed: 0, errored: 0, crashed: 0, items: 0, ms: 0 };
for (const tally of tallies.values()) {
  for (const key of Object.keys(total) as Array<keyof Tally>) total[key] += tally[key];
}

function hugeFeed(items: number): string {
  const parts = ['<rss version="2.0"><channel><title>Huge</title>'];
  for (let i = 0; i < items; i += 1) {
    parts.push(`<item><title>Item ${i}</title><link>https://example.org/${i}</link><description>Body ${i}</description></item>`);
  }
  return `${parts.join('\n')}</channel></rss>`;
}
const huge = hugeFeed(100_000);
const hugeStarted = performance.now();
const hugeFeedResult = await parseFeed(huge, 'https://example.org/feed.xml');
const hugeMs = performance.now() - hugeStarted;

const round = (ms: number): number => Math.round(ms);
console.log('folder'.padEnd(34), 'parsed', 'errored', 'crashed', '  items', '    ms');
for (const [folder, t] of [...tallies, ['TOTAL', total] as const]) {
  console.log(
    folder.padEnd(34),
    String(t.parsed).padStart(6),
    String(t.errored).padStart(7),
    String(t.crashed).padStart(7),
    String(t.items).padStart(7),
    String(round(t.ms)).padStart(6),
  );
}
console.log(`100,000-item feed (${(huge.length / 1e6).toFixed(1)} MB): ${hugeFeedResult.items.length} items kept in ${round(hugeMs)} ms`);
for (const e of errors) console.log(`  errored  ${e.file}: ${e.error}`);
for (const c of crashes) console.log(`  CRASHED  ${c.file}: ${c.error}`);

fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.writeFileSync(
  resultsFile,
  `${JSON.stringify(
    {
      folders: Object.fromEntries([...tallies].map(([k, t]) => [k, { ...t, ms: round(t.ms) }])),
      total: { ...total, ms: round(total.ms) },
      hugeFeed: { items: 100_000, bytes: huge.length, kept: hugeFeedResult.items.length, ms: round(hugeMs) },
      errors,
      crashes,
    },
    null,
    2,
  )}\n`,
);
if (crashes.length > 0) process.exitCode = 1;
