/**
 * Relevance benchmark (issue 13): how well `prominence: lead` and `context`
 * pick the people a story is about, what language detection costs, and how
 * fast `replay` runs over a week of stored articles.
 *
 *   npx tsx bench/relevance.ts [--corpus DIR] [--articles 10000]
 *   (writes bench/results/relevance.json; DIR defaults to NEWSWATCH_CORPUS, else ../shared/corpus)
 *
 * 1. Quality, on the 61 pages of article-extraction-dev with a human-made
 *    ground truth of each story's body. The watchlist is every capitalised
 *    two-word name on the whole page (chrome included: menus, related links,
 *    footers), so a rule that read the chrome would be caught. Truth, per
 *    page and name:
 *    - lead: named in the title or the first three paragraphs of the ground
 *      truth body;
 *    - context: named in the ground truth (title or body) and one of the
 *      context words is there too.
 *    Each rule runs on the page as the worker reads it (extraction, matcher,
 *    rule step), beside "plain mentions" (no rule: every name matched).
 * 2. Cost: language detection (tinyld, on the text the rule step sees)
 *    against extraction of the same page, median per page.
 * 3. Replay: N stored articles (corpus pages, cycled) written to a real
 *    redis-server through the history store, then `replayHistory` with a
 *    changed config; time, the history's bytes and Redis memory per
 *    thousand articles, and the replaying process's peak RSS.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as cheerio from 'cheerio';
import type { EntityConfig, NewswatchConfig, WatchlistConfig } from '../src/config/types.js';
import { compileMatcher } from '../src/match/index.js';
import { judgeArticle, readArticle, type ArticleView } from '../src/pipeline/article.js';
import { compileRelevance, detectLanguage } from '../src/relevance/index.js';
import { connectRedis } from '../workers/redis/connect.js';
import { startEmbeddedRedis } from '../workers/redis/embedded.js';
import { recordHistory, type StoredAlert } from '../workers/state/history.js';
import { replayHistory } from '../workers/commands/replay.js';
import { corpusDir, corpusFolder, loadDevPages, loadReadabilityPages, type DevPage } from './lib/corpus.js';

const { values } = parseArgs({ options: { corpus: { type: 'string' }, articles: { type: 'string' } } });
const ARTICLES = Number(values.articles ?? 10_000);
// The corpus folder (--corpus DIR, NEWSWATCH_CORPUS, else ../shared/corpus); a missing one stops here with a message.
corpusFolder('article-extraction-dev');
const corpus = corpusDir;

const CONTEXT = ['government', 'president', 'police', 'court', 'election', 'minister', 'company', 'billion'];
const NAME = /\b\p{Lu}\p{Ll}{2,}\s\p{Lu}\p{Ll}{2,}\b/gu;

const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function namesOnPage(html: string): string[] {
  const $ = cheerio.load(html);
  $('script, style, noscript, template').remove();
  const text = `${$('title').text()}\n${$('body').text()}`;
  return [...new Set(text.match(NAME) ?? [])];
}

function watchlist(id: string, names: string[], when?: WatchlistConfig['when']): WatchlistConfig {
  const entities: EntityConfig[] = names.map((name) => ({ id: slug(name), name, aliases: [], shortNames: [], exclude: [] }));
  return { id, entities, notify: [], ...(when && { when }) };
}

interface Score { tp: number; fp: number; fn: number }
const score = (): Score => ({ tp: 0, fp: 0, fn: 0 });
function add(s: Score, predicted: Set<string>, truth: Set<string>): void {
  for (const p of predicted) (truth.has(p) ? s.tp++ : s.fp++);
  for (const t of truth) if (!predicted.has(t)) s.fn++;
}
const pr = (s: Score) => ({ precision: s.tp / (s.tp + s.fp || 1), recall: s.tp / (s.tp + s.fn || 1), ...s });

function quality(pages: DevPage[]) {
  const sets = { lead: { plain: score(), rule: score() }, context: { plain: score(), rule: score() } };
  let pairs = 0;
  for (const page of pages) {
    const names = namesOnPage(page.html).filter((n) => slug(n) !== '');
    const unique = [...new Map(names.map((n) => [slug(n), n])).values()];
    if (unique.length === 0) continue;
    pairs += unique.length;
    const watchlists = [
      watchlist('plain', unique),
      watchlist('lead', unique, { prominence: 'lead' }),
      watchlist('context', unique, { context: CONTEXT }),
    ];
    const deps = { matcher: compileMatcher(watchlists), relevance: compileRelevance(watchlists) };
    const article = readArticle({ html: page.html, url: page.url }, page.url);
    const found = judgeArticle(deps, article).found;
    const alerted = (id: string) => new Set(found.find((w) => w.watchlistId === id)?.matches.map((m) => m.entityId) ?? []);

    // Truth from the human ground truth, with the same matcher (so spelling rules are not what is measured).
    const truthMatcher = compileMatcher([watchlists[0]!]);
    const contextMatcher = compileMatcher([watchlist('ctx', CONTEXT)]);
    const paragraphs = page.truth.split(/\n\s*\n/).filter((p) => p.trim() !== '');
    const named = (text: string) => new Set(truthMatcher.match({ title: article.title, text })[0]?.matches.map((m) => m.entityId) ?? []);
    const leadTruth = named(paragraphs.slice(0, 3).join('\n\n'));
    const inStory = named(page.truth);
    const hasContext = contextMatcher.match({ title: article.title, text: page.truth }).length > 0;
    const contextTruth = hasContext ? inStory : new Set<string>();

    add(sets.lead.plain, alerted('plain'), leadTruth);
    add(sets.lead.rule, alerted('lead'), leadTruth);
    add(sets.context.plain, alerted('plain'), contextTruth);
    add(sets.context.rule, alerted('context'), contextTruth);
  }
  return {
    pages: pages.length,
    namePairs: pairs,
    lead: { plainMentions: pr(sets.lead.plain), prominenceLead: pr(sets.lead.rule) },
    context: { plainMentions: pr(sets.context.plain), contextRule: pr(sets.context.rule) },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Detection runs only for pages that declare no language (readArticle), so
 * its cost per article is its cost on those pages spread over all of them.
 */
function cost(pages: DevPage[]) {
  const extract: number[] = [];
  const detectAll: number[] = [];
  let undeclared = 0;
  let detectUndeclaredMs = 0;
  let extractMs = 0;
  for (let round = 0; round < 3; round++) {
    for (const page of pages) {
      let t = performance.now();
      const article = readArticle({ html: page.html, url: page.url }, page.url);
      const e = performance.now() - t;
      extract.push(e);
      t = performance.now();
      detectLanguage(article.text);
      const d = performance.now() - t;
      detectAll.push(d);
      extractMs += e;
      if (article.languageDetected) {
        undeclared++;
        detectUndeclaredMs += d;
      }
    }
  }
  return {
    extractMedianMs: median(extract),
    detectMedianMs: median(detectAll),
    undeclaredShare: undeclared / extract.length,
    detectPerArticleMs: detectUndeclaredMs / extract.length,
    detectShareOfExtraction: detectUndeclaredMs / extractMs,
  };
}

async function replay(pages: ArticleView[], names: string[]) {
  const server = await startEmbeddedRedis({ appendOnly: false });
  const redis = connectRedis(server.url);
  try {
    const limits = { maxAgeMs: 8 * 86_400_000, maxBytes: 2_000_000_000 };
    const weekMs = 7 * 86_400_000;
    const start = Date.now() - weekMs;
    const people = names.slice(0, 1000);
    const before = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
    const writeStarted = performance.now();
    let alerts = 0;
    for (let i = 0; i < ARTICLES; i++) {
      const page = pages[i % pages.length]!;
      const readAt = start + Math.floor((i / ARTICLES) * weekMs);
      const id = `bench-${i}`;
      const storedAlerts: StoredAlert[] = [];
      if (i % 10 === 0) {
        alerts++;
        storedAlerts.push({
          alertId: `a-${i}`, webhookId: 'ops', watchlistId: 'people', storyId: id, articleId: id, queuedAt: readAt,
          data: { watchlist: { id: 'people' }, article: { url: `${page.url}#${i}`, feed: { url: 'https://example.com/rss' } }, matches: [] },
        });
      }
      const { textSource: _t, ...view } = page;
      await recordHistory(redis, limits, {
        article: { ...view, id, url: `${page.url}#${i}`, feed: { url: 'https://example.com/rss' }, watchlists: ['people'], readAt },
        alerts: storedAlerts,
      }, readAt);
    }
    const writeMs = performance.now() - writeStarted;
    const info = await redis.info('memory');
    const after = Number(/used_memory:(\d+)/.exec(info)?.[1]);
    const historyBytes = Number(await redis.get('{newswatch}:history:bytes'));

    const config: NewswatchConfig = {
      defaults: { interval: { kind: 'auto' }, minIntervalMs: 60_000, maxIntervalMs: 21_600_000, backfillMs: 86_400_000 },
      fetch: { timeoutMs: 15_000, maxBytes: 5_000_000, allowPrivateNetworks: false },
      feeds: [],
      watchlists: [watchlist('people', people, { prominence: 'lead', context: CONTEXT })],
      webhooks: [],
    };
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const t = performance.now();
    const report = await replayHistory(redis, config, start - 1);
    const replayMs = performance.now() - t;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return {
      articles: report.articles,
      alertsStored: alerts,
      people: people.length,
      writeMsPerArticle: writeMs / ARTICLES,
      replaySeconds: replayMs / 1000,
      replayArticlesPerSecond: report.articles / (replayMs / 1000),
      wouldAlert: report.added.length + report.kept,
      historyBytesPerThousand: (historyBytes / ARTICLES) * 1000,
      redisUsedMemoryPerThousand: ((after - before) / ARTICLES) * 1000,
      replayPeakRssMB: peakRss / 1e6,
      replayRssGrowthMB: (peakRss - rssBefore) / 1e6,
    };
  } finally {
    await redis.quit();
    await server.stop();
  }
}

const dev = loadDevPages();
console.log(`bench:relevance: corpus ${corpus}: ${dev.length} pages with ground truth`);
const q = quality(dev);
const c = cost(dev);
const fmt = (s: { precision: number; recall: number }) => `${s.precision.toFixed(3)} / ${s.recall.toFixed(3)}`;
console.log(`\nquality over ${q.namePairs} page×name pairs on ${q.pages} pages (precision / recall):`);
console.log(`  alert for the people the story leads with:  plain mentions ${fmt(q.lead.plainMentions)}   prominence: lead ${fmt(q.lead.prominenceLead)}`);
console.log(`  alert only with a context word in the story: plain mentions ${fmt(q.context.plainMentions)}   context ${fmt(q.context.contextRule)}`);
console.log(`\ncost per page (median): extraction ${c.extractMedianMs.toFixed(2)} ms, language detection ${c.detectMedianMs.toFixed(3)} ms on a page that needs it`);
console.log(`  ${(c.undeclaredShare * 100).toFixed(0)} % of pages declare no language; detection per article read: ${c.detectPerArticleMs.toFixed(3)} ms, ${(c.detectShareOfExtraction * 100).toFixed(1)} % of extraction`);

const readable = [...dev.map((p) => readArticle({ html: p.html, url: p.url }, p.url)),
  ...loadReadabilityPages().map((p) => readArticle({ html: p.source, url: 'http://fakehost/test/page.html' }, 'http://fakehost/test/page.html'))]
  .filter((a) => a.text.length > 500);
const allNames = [...new Set(dev.flatMap((p) => namesOnPage(p.html)))];
const r = await replay(readable, allNames);
console.log(`\nreplay: ${r.articles} stored articles (${readable.length} corpus pages cycled), ${r.people} people, lead + context rule:`);
console.log(`  ${r.replaySeconds.toFixed(2)} s (${Math.round(r.replayArticlesPerSecond)} articles/s); history ${(r.historyBytesPerThousand / 1e6).toFixed(2)} MB per 1,000 articles, Redis used_memory ${(r.redisUsedMemoryPerThousand / 1e6).toFixed(2)} MB per 1,000; replay peak RSS ${r.replayPeakRssMB.toFixed(0)} MB (+${r.replayRssGrowthMB.toFixed(0)} MB)`);
console.log(`  writing each article to the history: ${r.writeMsPerArticle.toFixed(2)} ms (one script call)`);

mkdirSync(resolve(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(resolve(import.meta.dirname, 'results', 'relevance.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, quality: q, cost: c, replay: r }, null, 2) + '\n');
