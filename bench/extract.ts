/**
 * Extraction benchmark: quality on two corpora of real pages, beside the open
 * extractors that run here, and speed against a bare parse.
 *
 * Usage: npx tsx bench/extract.ts [--corpus DIR] [--no-peers] [--no-speed] [--worst N] [--diff ID]
 *   --corpus DIR   the corpus folder (also --corpus=DIR; default NEWSWATCH_CORPUS, else ../shared/corpus)
 *   --no-peers     skip Readability.js / Defuddle runs (quick tuning loops)
 *   --diff ID      one page (id prefix, either corpus): what was missed and what was extra
 *
 * 1. article-extraction-dev (61 pages, human ground truth): the benchmark's
 *    shingle F1, for newswatch, Readability.js 0.6 (its stored outputs) and
 *    Defuddle (run here).
 * 2. trafilatura-eval-dev (330 pages, many languages): trafilatura's passage
 *    metric, for newswatch, Readability.js and Defuddle (both on linkedom).
 * Both are reported on the tuning pages and on the held-out pages (a fixed
 * third of each corpus, see lib/corpus.ts) that no rule was tuned on.
 * 3. Speed: median CPU ms per page, extract vs a bare cheerio.load with the
 *    same parser (htmlparser2), timed interleaved in one run.
 * 4. Readability's test pages: title / byline / lang agreement, text F1.
 * Writes bench/results/extract.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import { CHEERIO_LOAD_OPTIONS, extractArticle } from '../src/extract/index.js';
import { AEB_DIR, corpusDir, hasCorpus, loadDevPages, loadReadabilityPages, loadTrafilaturaPages, TRAFILATURA_DIR, type Split } from './lib/corpus.js';
import { printDiff, printPassageDiff } from './lib/extract-diff.js';
import { passageCounts, passageScores, type PassageCounts } from './lib/passage-metric.js';
import { PEERS, peerText } from './lib/peers.js';
import { aggregate, pageCounts, pageScores, type PageCounts } from './lib/shingle-metric.js';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const worstN = Number(argValue('--worst') ?? 10);
const diffId = argValue('--diff');
const withPeers = !args.includes('--no-peers');
const withSpeed = !args.includes('--no-speed');
const dir = corpusDir;

const haveAeb = hasCorpus(AEB_DIR);
const haveTraf = hasCorpus(TRAFILATURA_DIR);
console.log(`bench:extract: corpus folder ${dir}`);
if (!haveAeb && !haveTraf) {
  console.log(`bench:extract: neither ${AEB_DIR}/ nor ${TRAFILATURA_DIR}/ is there; nothing measured (point --corpus DIR or NEWSWATCH_CORPUS at the corpus)`);
  process.exit(0);
}
for (const [have, name] of [[haveAeb, AEB_DIR], [haveTraf, TRAFILATURA_DIR]] as const) if (!have) console.log(`bench:extract: ${name}/ is absent; skipped`);

const aeb = haveAeb ? loadDevPages() : [];
const traf = haveTraf ? loadTrafilaturaPages() : [];

if (diffId !== undefined) {
  const a = aeb.find((p) => p.id.startsWith(diffId));
  const t = traf.find((p) => p.id.startsWith(diffId) || p.key.includes(diffId));
  if (a !== undefined) {
    const art = extractArticle(a.html, a.url);
    console.log(a.url, a.split, art.textSource, art.title, pageScores(pageCounts(a.truth, art.text)));
    printDiff(a.truth, art.text);
  } else if (t !== undefined) {
    const art = extractArticle(t.html, t.url);
    console.log(t.key, t.id, t.split, art.textSource, art.title, passageCounts(art.text, t.with, t.without));
    printPassageDiff(art.text, t.with, t.without, args.includes('--text'));
  } else {
    throw new Error(`bench: no page ${diffId}`);
  }
  process.exit(0);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const SPLITS: Split[] = ['tune', 'held-out'];
type Row = Record<Split | 'all', { pages: number; precision: number; recall: number; f1: number }>;

/** Scores per split from per-page counts. */
function bySplit<C>(items: Array<{ split: Split; c: C }>, score: (cs: C[]) => { precision: number; recall: number; f1: number }): Row {
  const row = {} as Row;
  for (const s of [...SPLITS, 'all'] as const) {
    const cs = items.filter((i) => s === 'all' || i.split === s).map((i) => i.c);
    row[s] = { pages: cs.length, ...score(cs) };
  }
  return row;
}

function printRows(title: string, rows: Record<string, Row>, note: Record<string, string> = {}): void {
  console.log(title);
  console.log(`  ${''.padEnd(14)}${SPLITS.map((s) => `${s} (${Object.values(rows)[0]![s].pages})`.padEnd(24)).join('')}all`);
  for (const [name, row] of Object.entries(rows)) {
    const cell = (s: Split | 'all'): string => `P ${round(row[s].precision).toFixed(3)} R ${round(row[s].recall).toFixed(3)} F1 ${round(row[s].f1).toFixed(3)}`;
    console.log(`  ${name.padEnd(14)}${SPLITS.map((s) => `F1 ${round(row[s].f1).toFixed(3)}`.padEnd(24)).join('')}${cell('all')} ${note[name] ?? ''}`);
    for (const s of SPLITS) console.log(`  ${''.padEnd(14)}  ${s}: ${cell(s)}`);
  }
}

const results: Record<string, unknown> = { date: new Date().toISOString().slice(0, 10), corpusDir: dir };

// 1. article-extraction-dev
if (aeb.length > 0) {
  const ours: Array<{ split: Split; c: PageCounts }> = [];
  const peers: Record<string, Array<{ split: Split; c: PageCounts }>> = { readability: [] };
  const perPage: Array<{ id: string; split: Split; url: string; source: string; f1: number; precision: number; recall: number }> = [];
  for (const p of aeb) {
    const art = extractArticle(p.html, p.url);
    const c = pageCounts(p.truth, art.text);
    ours.push({ split: p.split, c });
    peers['readability']!.push({ split: p.split, c: pageCounts(p.truth, p.readability) });
    perPage.push({ id: p.id, split: p.split, url: p.url, source: art.textSource, ...pageScores(c) });
  }
  if (withPeers) {
    peers['defuddle'] = [];
    for (const p of aeb) peers['defuddle'].push({ split: p.split, c: pageCounts(p.truth, await peerText('defuddle', p.html, p.url)) });
  }
  const rows: Record<string, Row> = { newswatch: bySplit(ours, aggregate) };
  for (const [name, cs] of Object.entries(peers)) rows[name] = bySplit(cs, aggregate);
  printRows(`article-extraction-dev: ${aeb.length} pages, shingle F1`, rows, { readability: '(stored 0.6.0 outputs; published on these pages 0.924 / 0.982 / 0.952)' });
  const worst = perPage.filter((w) => w.split === 'tune').sort((a, b) => a.f1 - b.f1).slice(0, worstN);
  console.log(`  worst ${worstN} tuning pages:`);
  for (const w of worst) console.log(`    ${w.id.slice(0, 10)}  F1 ${round(w.f1)}  P ${round(w.precision)}  R ${round(w.recall)}  ${w.source.padEnd(14)} ${w.url}`);
  results['articleExtractionDev'] = { rows, perPage };
}

// 2. trafilatura-eval-dev
if (traf.length > 0) {
  const ours: Array<{ split: Split; c: PassageCounts }> = [];
  const peers: Record<string, Array<{ split: Split; c: PassageCounts }>> = {};
  const perPage: Array<{ id: string; key: string; split: Split; source: string } & PassageCounts> = [];
  for (const p of traf) {
    const art = extractArticle(p.html, p.url);
    const c = passageCounts(art.text, p.with, p.without);
    ours.push({ split: p.split, c });
    perPage.push({ id: p.id, key: p.key, split: p.split, source: art.textSource, ...c });
  }
  if (withPeers) {
    for (const peer of PEERS) {
      peers[peer] = [];
      for (const p of traf) peers[peer].push({ split: p.split, c: passageCounts(await peerText(peer, p.html, p.url), p.with, p.without) });
    }
  }
  const rows: Record<string, Row> = { newswatch: bySplit(ours, passageScores) };
  for (const [name, cs] of Object.entries(peers)) rows[name] = bySplit(cs, passageScores);
  printRows(`trafilatura-eval-dev: ${traf.length} pages, passage F1 (trafilatura's published figure on its whole corpus, tuned on it: 0.92-0.93)`, rows);
  const errors = (w: PassageCounts): number => w.fp + w.fn;
  const worst = perPage.filter((w) => w.split === 'tune' && errors(w) > 0).sort((a, b) => errors(b) - errors(a)).slice(0, worstN);
  console.log(`  worst ${worstN} tuning pages (missed + boilerplate kept):`);
  for (const w of worst) console.log(`    ${w.id}  FN ${w.fn}  FP ${w.fp}  ${w.source.padEnd(14)} ${w.key}`);
  results['trafilaturaEvalDev'] = { rows, perPage };
}

// 3. Speed, on every page of both corpora, reported per corpus and overall.
if (withSpeed) {
  const pages = [...aeb.map((p) => ({ corpus: AEB_DIR, html: p.html, url: p.url })), ...traf.map((p) => ({ corpus: TRAFILATURA_DIR, html: p.html, url: p.url }))];
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  for (const p of pages.slice(0, 10)) {
    load(p.html, CHEERIO_LOAD_OPTIONS);
    extractArticle(p.html, p.url);
  }
  // CPU time of this thread, not wall time: on a shared machine wall time
  // mostly measures the other processes.
  const cpuMs = (f: () => void): number => {
    const t = process.cpuUsage();
    f();
    const d = process.cpuUsage(t);
    return (d.user + d.system) / 1000;
  };
  const timed: Array<{ corpus: string; extract: number; load: number }> = [];
  for (const p of pages) {
    // Interleaved rounds spread GC and machine noise over both evenly.
    const e: number[] = [];
    const l: number[] = [];
    for (let i = 0; i < 5; i++) {
      e.push(cpuMs(() => extractArticle(p.html, p.url)));
      l.push(cpuMs(() => load(p.html, CHEERIO_LOAD_OPTIONS)));
    }
    timed.push({ corpus: p.corpus, extract: median(e), load: median(l) });
  }
  const speed: Record<string, { pages: number; medianExtractMs: number; medianLoadMs: number; ratio: number; totalRatio: number }> = {};
  for (const c of [AEB_DIR, TRAFILATURA_DIR, 'all']) {
    const ts = timed.filter((t) => c === 'all' || t.corpus === c);
    if (ts.length === 0) continue;
    const e = median(ts.map((t) => t.extract));
    const l = median(ts.map((t) => t.load));
    const sum = (k: 'extract' | 'load'): number => ts.reduce((a, t) => a + t[k], 0);
    speed[c] = { pages: ts.length, medianExtractMs: e, medianLoadMs: l, ratio: e / l, totalRatio: sum('extract') / sum('load') };
    console.log(`speed, ${c} (${ts.length} pages): median ${e.toFixed(2)} ms extract vs ${l.toFixed(2)} ms bare cheerio.load (htmlparser2), CPU time: x${(e / l).toFixed(2)} (all pages' total: x${(sum('extract') / sum('load')).toFixed(2)})`);
  }
  results['speed'] = speed;
}

// 4. Readability's own test pages: metadata agreement and text F1 against its expected output.
const rpages = loadReadabilityPages();
if (rpages.length > 0) {
  const norm = (s: string | null | undefined): string => (s ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  let titleOk = 0, titleN = 0, bylineOk = 0, bylineN = 0, langOk = 0, langN = 0;
  const texts: Array<{ split: Split; c: PageCounts }> = [];
  for (const r of rpages) {
    const a = extractArticle(r.source, 'http://fakehost/test/page.html');
    if (r.meta.title) titleN++, norm(a.title) === norm(r.meta.title) && titleOk++;
    if (r.meta.byline) bylineN++, a.author && (norm(r.meta.byline).includes(norm(a.author)) || norm(a.author).includes(norm(r.meta.byline))) && bylineOk++;
    if (r.meta.lang) langN++, norm(a.language) === norm(r.meta.lang) && langOk++;
    const expectedText = load(r.expectedHtml.replace(/<\/(p|div|h\d|li|tr|blockquote|pre)>/gi, '$&\n')).root().text();
    texts.push({ split: r.split, c: pageCounts(expectedText, a.text) });
  }
  const pct = (a: number, b: number): string => `${a}/${b} (${b ? Math.round((100 * a) / b) : 0}%)`;
  const text = bySplit(texts, aggregate);
  console.log(`readability pages: ${rpages.length}  title ${pct(titleOk, titleN)}  byline ${pct(bylineOk, bylineN)}  lang ${pct(langOk, langN)}`);
  console.log(`  text vs Readability's expected output, F1: tune ${round(text.tune.f1)}  held-out ${round(text['held-out'].f1)}`);
  results['readabilityPages'] = { pages: rpages.length, title: [titleOk, titleN], byline: [bylineOk, bylineN], lang: [langOk, langN], text };
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'extract.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(`wrote ${out}`);
