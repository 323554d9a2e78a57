import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultFetchConfig, loadConfigFile } from '../../src/config/index.js';
import type { FetchConfig, WatchlistConfig } from '../../src/config/types.js';
import { decodeHtml } from '../../src/encoding/decode.js';
import { compileMatcher, type Matcher } from '../../src/match/index.js';
import { fetchPage, type PageFetch } from '../../src/pipeline/fetch-page.js';
import { fetchSource, keyItems, readSource, type SourceRead } from '../../src/pipeline/source.js';
import { readChildSitemaps } from '../../src/pipeline/sitemap-children.js';
import { processArticle, type ArticleItem, type ArticleOutcome } from '../../src/pipeline/article.js';
import { decodeXml } from '../../src/encoding/decode.js';
import { detectSourceType, type SourceType } from '../../src/source/detect.js';
import { gunzipCapped, isGzip } from '../../src/source/sitemap.js';
import { compileRelevance, type ConditionResult, type Prominence, type Relevance, type RuleReport } from '../../src/relevance/index.js';

export interface ScanResult {
  article: { url: string; canonicalUrl?: string; title?: string; author?: string; publishedAt?: string; language?: string; text: string };
  /** Every person named, whether or not their watchlist's `when` lets an alert go. */
  matches: Array<{
    watchlist: string; entityId: string; name: string; role?: string; wikidata?: string; count: number; inTitle: boolean; snippets: string[];
    prominence: Prominence;
    rule?: RuleReport;
    /** Whether the worker would alert for this person. */
    alert: boolean;
    /** With a `when`: each condition, held or not, and why; then the verdict in words. */
    conditions?: Array<Pick<ConditionResult, 'condition' | 'held' | 'source' | 'why'>>;
    why?: string;
  }>;
}

interface Stages {
  matcher: Matcher;
  relevance: Relevance;
}

/** `scan` of a sitemap or a listing page: the source and the items a poll would take from it. */
export interface SourceScanResult {
  source: { url: string; kind: 'sitemap' | 'page' };
  items: Array<{ url: string; title?: string; publishedAt?: string }>;
}

/** Articles of a scanned feed fetched at most (a scan is a look, not a crawl). */
const MAX_FEED_ARTICLES = 20;

/**
 * `newswatch scan`: one page or one feed through the same source and article
 * stages the worker runs (src/pipeline), without Redis. A page gives one
 * result; a feed gives one per item.
 */
export async function runScan(
  target: string,
  opts: { configPath: string; pageUrl?: string; explicitConfig?: boolean; type?: SourceType; links?: string },
): Promise<ScanResult | ScanResult[] | SourceScanResult> {
  let watchlists: WatchlistConfig[] = [];
  let fetchConfig = defaultFetchConfig();
  let { type, links } = opts;
  // A config named on the command line must be there; the default one may be missing (extraction only).
  if (opts.explicitConfig || existsSync(opts.configPath)) {
    // Watchlists scope: webhooks and their ${VAR}s are not needed to match (feeds are read for their type and links).
    const config = await loadConfigFile(opts.configPath, process.env, { scope: 'watchlists' });
    watchlists = config.watchlists;
    fetchConfig = config.fetch;
    // A URL the config watches is read the way the worker reads it.
    const configured = config.feeds.find((f) => f.url === target);
    type ??= configured?.type;
    links ??= configured?.links;
  } else {
    process.stderr.write(`newswatch: no config at ${opts.configPath} (CONFIG_PATH; or give --config FILE): extracting without watchlists\n`);
  }
  const stages: Stages = { matcher: compileMatcher(watchlists), relevance: compileRelevance(watchlists) };

  let body: Buffer;
  let contentType: string | undefined;
  let url: string;
  if (/^https?:\/\//i.test(target)) {
    const fetched = await fetchSource(target, {}, fetchConfig);
    if (fetched.outcome === 'error') throw new Error(fetched.status ? `scan: HTTP ${fetched.status}` : fetched.error);
    if (fetched.outcome !== 'ok') throw new Error(`scan: HTTP ${fetched.outcome === 'gone' ? fetched.status : 304}`);
    body = fetched.body;
    contentType = fetched.headers['content-type'];
    url = opts.pageUrl ?? fetched.url;
  } else {
    body = await readFile(target);
    url = opts.pageUrl ?? pathToFileURL(resolve(target)).toString();
  }

  const detected = type ?? (links !== undefined ? 'page' : detectType(body, contentType));
  if (detected === 'sitemap' || (detected === 'page' && type !== undefined) || links !== undefined) {
    return scanSource(body, contentType, url, { type: detected, links, fetchConfig });
  }
  const feed = detected === 'feed' ? await tryReadFeed(body, contentType, url) : undefined;
  if (!feed) {
    const page: PageFetch = { kind: 'html', url, html: decodeHtml(body, contentTypeCharset(contentType)).text, charset: 'utf-8' };
    return toScanResult(await processArticle({ link: url, item: {} }, { ...stages, fetchPage: async () => page }));
  }
  const results: ScanResult[] = [];
  for (const { item } of keyItems(feed.items, url).slice(0, MAX_FEED_ARTICLES)) {
    const link = item.link ? new URL(item.link, url).toString() : undefined;
    results.push(await scanFeedItem(stages, link, item, fetchConfig));
  }
  return results;
}

function contentTypeCharset(contentType: string | undefined): string | undefined {
  return /charset=["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
}

/** An HTML page is scanned as an article unless `--type page` (or the config) says it is a listing. */
function detectType(body: Buffer, contentType: string | undefined): SourceType {
  const bytes = isGzip(body) ? gunzipCapped(body, defaultFetchConfig().maxBytes) : body;
  return detectSourceType(decodeXml(bytes.subarray(0, 4096)).text, contentType);
}

async function tryReadFeed(body: Buffer, contentType: string | undefined, url: string): Promise<SourceRead | undefined> {
  const head = body.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  const looksLikeFeed = head.startsWith('<?xml') || head.startsWith('<rss') || head.startsWith('<feed') || head.startsWith('<rdf') || head.startsWith('{');
  if (!looksLikeFeed) return undefined;
  try {
    return await readSource(body, contentType, url, { type: 'feed' });
  } catch (err) {
    // An XHTML page starts like a feed: it is read as the page it is. Anything else that looked like a feed and
    // is none is the user's broken feed, and says why.
    if (/<html[\s>]/i.test(body.subarray(0, 4096).toString('latin1'))) return undefined;
    throw err;
  }
}

/** A sitemap (an index's recent children followed, as a poll does) or a listing page, as the items a poll would take. */
async function scanSource(
  body: Buffer,
  contentType: string | undefined,
  url: string,
  opts: { type: SourceType; links?: string; fetchConfig: FetchConfig },
): Promise<SourceScanResult> {
  let read = await readSource(body, contentType, url, { type: opts.type, links: opts.links, maxBytes: opts.fetchConfig.maxBytes });
  if (read.childSitemaps) {
    const children = await readChildSitemaps(read.childSitemaps, {}, opts.fetchConfig);
    if (children.failed > 0 && children.items.length === 0) throw new Error(children.firstError);
    read = { ...read, items: children.items };
  }
  const kind = read.kind === 'page' ? 'page' : 'sitemap';
  if (read.kind !== kind) throw new Error(`scan: ${url} is a ${read.kind} feed, not a ${opts.type}`);
  return {
    source: { url, kind },
    items: keyItems(read.items, url).map(({ item }) => ({
      url: item.link!,
      ...(item.title && { title: item.title }),
      ...(item.publishedAt && { publishedAt: item.publishedAt }),
    })),
  };
}

async function scanFeedItem(stages: Stages, link: string | undefined, item: ArticleItem, fetchConfig: FetchConfig): Promise<ScanResult> {
  const canFetch = link !== undefined && /^https?:/i.test(link);
  const outcome = await processArticle(
    { link: link ?? 'about:blank', item },
    {
      ...stages,
      // A page that cannot be fetched is read from the feed item's own text, as the worker does for non-HTML pages.
      fetchPage: async (l) => {
        const page = canFetch ? await fetchPage(l, fetchConfig).catch((err: Error): PageFetch => ({ kind: 'skip', reason: err.message })) : undefined;
        return page?.kind === 'html' ? page : { kind: 'skip', reason: page && 'reason' in page ? page.reason : 'scan: no link' };
      },
    },
  );
  return toScanResult(outcome);
}

function toScanResult(outcome: ArticleOutcome): ScanResult {
  if (outcome.kind !== 'read') throw new Error(outcome.reason);
  const { article, judged } = outcome;
  return {
    article: {
      url: article.url,
      ...(article.canonicalUrl && { canonicalUrl: article.canonicalUrl }),
      title: article.title,
      author: article.author,
      publishedAt: article.publishedAt,
      language: article.language,
      text: article.text,
    },
    matches: judged.flatMap((wl) =>
      wl.people.map(({ match: { offsets: _offsets, ...m }, alert, conditions }) => ({
        watchlist: wl.watchlistId,
        ...m,
        alert,
        ...(conditions.length > 0 && {
          conditions: conditions.map(({ condition, held, source, why }) => ({ condition, held, source, why })),
          why: alert ? 'alerts: every condition held' : `no alert: ${conditions.filter((c) => !c.held).map((c) => c.why).join('; ')}`,
        }),
      })),
    ),
  };
}
