/**
 * Extraction benchmark.
 * Usage: npx tsx bench/extract.ts [--diff ID] [--worst N] [--parser htmlparser2|parse5] (default: the extractor's, htmlparser2)
 *
 * 1. article-extraction-dev: precision/recall/F1 with the benchmark's own
 *    shingle metric, for our extractor and for Readability.js's stored
 *    outputs (which validates the metric: published 0.924/0.982/0.952), the
 *    worst pages, throughput, median ms per page vs a bare cheerio.load with
 *    the same parser (the cost of extraction proper) and vs a bare
 *    cheerio.load with parse5, cheerio's default (for reference).
 * 2. readability test pages: title / byline / lang agreement and text recall.
 * Writes bench/results/extract.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import { DEFAULT_PARSER, extractArticle, parserOptions, type HtmlParser } from '../src/extract/index.js';
import { loadDevPages, loadReadabilityPages } from './lib/corpus.js';
import { aggregate, pageCounts, pageScores, shingles, type PageCounts } from './lib/shingle-metric.js';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const worstN = Number(argValue('--worst') ?? 10);
const diffId = argValue('--diff');
const parser = (argValue('--parser') ?? DEFAULT_PARSER) as HtmlParser;
const loadOpts = parserOptions(parser);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median ms of each function over `runs` interleaved rounds (interleaving spreads GC and machine noise evenly). */
function timeInterleaved(runs: number, fns: Array<() => void>): number[] {
  const times = fns.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((f, k) => {
      const t = performance.now();
      f();
      times[k]!.push(performance.now() - t);
    });
  }
  return times.map(median);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function printDiff(truth: string, predicted: string): void {
  const t = shingles(truth);
  const p = shingles(predicted);
  const lines = (text: string, other: Map<string, number>): string[] =>
    text.split(/\n+/).filter((l) => {
      const sh = [...shingles(l).keys()];
      return sh.length > 0 && sh.filter((k) => other.has(k)).length / sh.length < 0.5;
    });
  console.log('--- missing (in truth, not extracted):');
  for (const l of lines(truth, p)) console.log('  - ' + l.slice(0, 200));
  console.log('--- extra (extracted, not in truth):');
  for (const l of lines(predicted, t)) console.log('  + ' + l.slice(0, 200));
}

const pages = loadDevPages();
if (diffId !== undefined) {
  const page = pages.find((p) => p.id.startsWith(diffId));
  if (!page) throw new Error(`bench: no page ${diffId}`);
  const a = extractArticle(page.html, page.url, { parser });
  console.log(page.url, a.textSource, a.title, pageScores(pageCounts(page.truth, a.text)));
  printDiff(page.truth, a.text);
  process.exit(0);
}

// Warm up the JIT so the first pages are not penalised.
for (const p of pages.slice(0, 5)) {
  load(p.html, loadOpts);
  load(p.html);
  extractArticle(p.html, p.url, { parser });
}

const ours: PageCounts[] = [];
const theirs: PageCounts[] = [];
const perPage: Array<{ id: string; url: string; source: string; f1: number; precision: number; recall: number }> = [];
const loadMs: number[] = [];
const parse5LoadMs: number[] = [];
const extractMs: number[] = [];
let totalMs = 0;
for (const p of pages) {
  let text = '';
  let source = '';
  const t0 = performance.now();
  const art = extractArticle(p.html, p.url, { parser });
  totalMs += performance.now() - t0;
  text = art.text;
  source = art.textSource;
  const [e, l] = timeInterleaved(5, [() => extractArticle(p.html, p.url, { parser }), () => load(p.html, loadOpts)]);
  extractMs.push(e!);
  loadMs.push(l!);
  const c = pageCounts(p.truth, text);
  ours.push(c);
  theirs.push(pageCounts(p.truth, p.readability));
  perPage.push({ id: p.id, url: p.url, source, ...pageScores(c) });
}
// cheerio's own default parser, for reference: timed in a pass of its own, so
// that the garbage parse5 leaves does not land on the timings above.
for (const p of pages) parse5LoadMs.push(timeInterleaved(5, [() => load(p.html)])[0]!);
const oursScores = aggregate(ours);
const theirScores = aggregate(theirs);
const worst = [...perPage].sort((a, b) => a.f1 - b.f1).slice(0, worstN);

console.log(`article-extraction-dev: ${pages.length} pages`);
console.log(`  ours          P ${round(oursScores.precision)}  R ${round(oursScores.recall)}  F1 ${round(oursScores.f1)}`);
console.log(`  readability   P ${round(theirScores.precision)}  R ${round(theirScores.recall)}  F1 ${round(theirScores.f1)}  (published 0.924 / 0.982 / 0.952)`);
const sources: Record<string, number> = {};
for (const p of perPage) sources[p.source] = (sources[p.source] ?? 0) + 1;
console.log('  text sources  ', JSON.stringify(sources));
console.log(`  worst ${worstN}:`);
for (const w of worst) console.log(`    ${w.id.slice(0, 10)}  F1 ${round(w.f1)}  P ${round(w.precision)}  R ${round(w.recall)}  ${w.source.padEnd(14)} ${w.url}`);
const medLoad = median(loadMs);
const medParse5Load = median(parse5LoadMs);
const medExtract = median(extractMs);
console.log(`  speed (${parser}): ${(pages.length / (totalMs / 1000)).toFixed(1)} pages/s (first run), median ${medExtract.toFixed(2)} ms extract vs ${medLoad.toFixed(2)} ms bare cheerio.load with ${parser} (x${(medExtract / medLoad).toFixed(2)})`);
console.log(`  reference: bare cheerio.load with parse5 (cheerio's default) ${medParse5Load.toFixed(2)} ms (extract is x${(medExtract / medParse5Load).toFixed(2)} of it)`);

// Readability's own test pages: metadata agreement and text recall.
const norm = (s: string | null | undefined): string => (s ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
const rpages = loadReadabilityPages();
let titleOk = 0, titleN = 0, bylineOk = 0, bylineN = 0, langOk = 0, langN = 0;
const recalls: PageCounts[] = [];
for (const r of rpages) {
  const a = extractArticle(r.source, 'http://fakehost/test/page.html', { parser });
  if (r.meta.title) {
    titleN++;
    if (norm(a.title) === norm(r.meta.title)) titleOk++;
  }
  if (r.meta.byline) {
    bylineN++;
    if (a.author && (norm(r.meta.byline).includes(norm(a.author)) || norm(a.author).includes(norm(r.meta.byline)))) bylineOk++;
  }
  if (r.meta.lang) {
    langN++;
    if (norm(a.language) === norm(r.meta.lang)) langOk++;
  }
  const expectedText = load(r.expectedHtml.replace(/<\/(p|div|h\d|li|tr|blockquote|pre)>/gi, '$&\n')).root().text();
  recalls.push(pageCounts(expectedText, a.text));
}
const rAgg = aggregate(recalls);
const pct = (a: number, b: number): string => `${a}/${b} (${b ? Math.round((100 * a) / b) : 0}%)`;
console.log(`readability pages: ${rpages.length}`);
console.log(`  title ${pct(titleOk, titleN)}  byline ${pct(bylineOk, bylineN)}  lang ${pct(langOk, langN)}`);
console.log(`  text vs Readability's expected.html: P ${round(rAgg.precision)}  R ${round(rAgg.recall)}  F1 ${round(rAgg.f1)}`);

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'extract.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      dev: { pages: pages.length, ours: oursScores, readability: theirScores, worst, perPage },
      speed: {
        parser,
        medianExtractMs: medExtract,
        medianLoadMs: medLoad,
        ratio: medExtract / medLoad,
        pagesPerSecond: pages.length / (totalMs / 1000),
        medianParse5LoadMs: medParse5Load,
        ratioVsParse5Load: medExtract / medParse5Load,
      },
      readabilityPages: { pages: rpages.length, title: [titleOk, titleN], byline: [bylineOk, bylineN], lang: [langOk, langN], text: rAgg },
    },
    null,
    2,
  ) + '\n',
);
console.log(`wrote ${out}`);
