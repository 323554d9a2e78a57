/**
 * Sources without a feed: how well listing pages give their story links,
 * and what sitemaps cost to read.
 *
 *   npx tsx bench/sources.ts        (npm run bench:sources)
 *
 * Listing pages: the page designs in test/fixtures/sources/pages/ (each
 * modelled on a real section page: wire hubs, ministries, Arabic and Hebrew
 * outlets...) with the story links marked by hand in <design>.expected.json.
 * Precision and recall of the links findListingLinks returns, per page, with
 * the designs used while tuning the rules and the held-out ones (never
 * looked at while tuning) reported apart.
 *
 * Sitemaps: the fixture sitemaps (news, plain, index), then a generated
 * Google News sitemap of 1,000 URLs and a plain one of 50,000 (the
 * protocol's maximum), plain and gzip-compressed: median ms per parse.
 *
 * Needs no corpus and no network. Writes bench/results/sources.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';
import { findListingLinks } from '../src/source/listing.js';
import { parseHtml } from '../src/extract/parse.js';
import { gunzipCapped, parseSitemap } from '../src/source/sitemap.js';
import { sitemapItems } from '../src/source/sitemap-items.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pagesDir = path.join(repoRoot, 'test/fixtures/sources/pages');
const sitemapsDir = path.join(repoRoot, 'test/fixtures/sources/sitemaps');
const resultsFile = path.join(repoRoot, 'bench/results/sources.json');

interface PageScore {
  design: string;
  heldOut: boolean;
  marked: number;
  found: number;
  precision: number;
  recall: number;
  falsePositives: string[];
  missed: string[];
}

function scorePage(design: string): PageScore {
  const expected = JSON.parse(fs.readFileSync(path.join(pagesDir, `${design}.expected.json`), 'utf8')) as {
    url: string;
    heldOut: boolean;
    stories: string[];
  };
  const html = fs.readFileSync(path.join(pagesDir, `${design}.html`), 'utf8');
  const found = new Set(findListingLinks(html, expected.url).map((l) => l.url));
  const marked = new Set(expected.stories.map((u) => new URL(u).href));
  const hits = [...found].filter((u) => marked.has(u)).length;
  return {
    design,
    heldOut: expected.heldOut,
    marked: marked.size,
    found: found.size,
    precision: found.size ? hits / found.size : 1,
    recall: marked.size ? hits / marked.size : 1,
    falsePositives: [...found].filter((u) => !marked.has(u)),
    missed: [...marked].filter((u) => !found.has(u)),
  };
}

function summarise(scores: PageScore[]) {
  const mean = (f: (s: PageScore) => number) => scores.reduce((a, s) => a + f(s), 0) / Math.max(1, scores.length);
  const found = scores.reduce((a, s) => a + s.found, 0);
  const marked = scores.reduce((a, s) => a + s.marked, 0);
  const hits = scores.reduce((a, s) => a + s.recall * s.marked, 0);
  return {
    designs: scores.length,
    meanPrecision: mean((s) => s.precision),
    meanRecall: mean((s) => s.recall),
    microPrecision: found ? hits / found : 1,
    microRecall: marked ? hits / marked : 1,
    perfectPages: scores.filter((s) => s.precision === 1 && s.recall === 1).length,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(fn: () => unknown, runs: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function newsSitemap(n: number): string {
  const urls = Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(2026, 10, 28, 12) - i * 60_000).toISOString();
    return `<url><loc>https://news.example.com/world/2026/11/28/story-number-${i}-about-talks</loc><news:news><news:publication><news:name>Example</news:name><news:language>en</news:language></news:publication><news:publication_date>${d}</news:publication_date><news:title>Story number ${i} about the talks &amp; the envoys</news:title></news:news></url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${urls.join('\n')}\n</urlset>`;
}

function plainSitemap(n: number): string {
  const urls = Array.from({ length: n }, (_, i) => `<url><loc>https://www.example.org/archive/item-${i}</loc><lastmod>2026-0${1 + (i % 9)}-1${i % 10}</lastmod></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>`;
}

function main(): void {
  const designs = fs
    .readdirSync(pagesDir)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => f.replace(/\.expected\.json$/, ''))
    .sort();
  const scores = designs.map(scorePage);
  const tuned = scores.filter((s) => !s.heldOut);
  const heldOut = scores.filter((s) => s.heldOut);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log('Listing pages: story links found against the hand-marked ones\n');
  console.log('| design | set | marked | found | precision | recall |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const s of scores) console.log(`| ${s.design} | ${s.heldOut ? 'held out' : 'tuning'} | ${s.marked} | ${s.found} | ${s.precision.toFixed(2)} | ${s.recall.toFixed(2)} |`);
  const sumTuned = summarise(tuned);
  const sumHeld = summarise(heldOut);
  console.log(`\ntuning (${sumTuned.designs} designs): mean precision ${pct(sumTuned.meanPrecision)}, mean recall ${pct(sumTuned.meanRecall)}, ${sumTuned.perfectPages} pages perfect`);
  console.log(`held out (${sumHeld.designs} designs): mean precision ${pct(sumHeld.meanPrecision)}, mean recall ${pct(sumHeld.meanRecall)}, ${sumHeld.perfectPages} pages perfect`);
  for (const s of scores) {
    for (const u of s.falsePositives) console.log(`  ${s.design}: false positive ${decodeURI(u)}`);
    for (const u of s.missed) console.log(`  ${s.design}: missed ${decodeURI(u)}`);
  }

  console.log('\nSitemaps: median ms per parse (items as the source stage builds them)\n');
  const sitemapRows: Array<{ name: string; bytes: number; entries: number; ms: number; floorMs: number }> = [];
  const measure = (name: string, body: Buffer, runs: number) => {
    let entries = 0;
    const ms = timeIt(() => {
      const xml = (body[0] === 0x1f ? gunzipCapped(body, 50_000_000) : body).toString('utf8');
      const parsed = parseSitemap(xml);
      entries = parsed.entries.length;
      sitemapItems(parsed.entries, 'https://example.com/');
    }, runs);
    // The floor: the same bytes (inflated) through htmlparser2's XML tokenizer with no callbacks.
    const floorMs = timeIt(() => {
      const xml = (body[0] === 0x1f ? gunzipCapped(body, 50_000_000) : body).toString('utf8');
      new Parser({}, { xmlMode: true }).end(xml);
    }, runs);
    sitemapRows.push({ name, bytes: body.length, entries, ms, floorMs });
  };
  if (fs.existsSync(sitemapsDir)) {
    for (const f of fs.readdirSync(sitemapsDir).filter((f) => f.endsWith('.xml')).sort()) measure(`fixture ${f}`, fs.readFileSync(path.join(sitemapsDir, f)), 50);
  }
  const news = Buffer.from(newsSitemap(1_000));
  const plain = Buffer.from(plainSitemap(50_000));
  measure('news sitemap, 1,000 URLs', news, 20);
  measure('news sitemap, 1,000 URLs, .xml.gz', gzipSync(news), 20);
  measure('plain sitemap, 50,000 URLs', plain, 5);
  measure('plain sitemap, 50,000 URLs, .xml.gz', gzipSync(plain), 5);
  console.log('| sitemap | bytes served | entries | ms | floor ms (tokenizer only) | ratio |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of sitemapRows) console.log(`| ${r.name} | ${r.bytes.toLocaleString('en')} | ${r.entries.toLocaleString('en')} | ${r.ms.toFixed(2)} | ${r.floorMs.toFixed(2)} | ${(r.ms / r.floorMs).toFixed(1)}x |`);

  // Listing pages: the link finder against parsing the page alone (the same parser), side by side.
  const pageTimes = designs.map((d) => {
    const expected = JSON.parse(fs.readFileSync(path.join(pagesDir, `${d}.expected.json`), 'utf8')) as { url: string };
    const html = fs.readFileSync(path.join(pagesDir, `${d}.html`), 'utf8');
    return { ms: timeIt(() => findListingLinks(html, expected.url), 30), floorMs: timeIt(() => parseHtml(html), 30) };
  });
  const pageMs = median(pageTimes.map((t) => t.ms));
  const pageFloor = median(pageTimes.map((t) => t.floorMs));
  console.log(`\nListing pages: median ${pageMs.toFixed(2)} ms a page to find its links, ${pageFloor.toFixed(2)} ms to parse it alone (${(pageMs / pageFloor).toFixed(1)}x)`);

  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(
    resultsFile,
    JSON.stringify({ date: new Date().toISOString(), node: process.version, pages: { tuning: sumTuned, heldOut: sumHeld, perPage: scores, medianMs: pageMs, medianParseMs: pageFloor }, sitemaps: sitemapRows }, null, 2) + '\n',
  );
  console.log(`\nwrote ${path.relative(repoRoot, resultsFile)}`);
}

main();
