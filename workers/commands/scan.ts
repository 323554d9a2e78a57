import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultFetchConfig, loadConfigFile } from '../../src/config/index.js';
import type { FetchConfig, WatchlistConfig } from '../../src/config/types.js';
import { decodeHtml } from '../../src/encoding/decode.js';
import { compileMatcher, type Matcher } from '../../src/match/index.js';
import { fetchPage, type PageFetch } from '../../src/pipeline/fetch-page.js';
import { fetchSource, keyItems, readSource } from '../../src/pipeline/source.js';
import { processArticle, type ArticleItem, type ArticleOutcome } from '../../src/pipeline/article.js';
import type { ParsedFeed } from '../../src/feed/types.js';

export interface ScanResult {
  article: { url: string; canonicalUrl?: string; title?: string; author?: string; publishedAt?: string; language?: string; text: string };
  matches: Array<{ watchlist: string; entityId: string; name: string; role?: string; wikidata?: string; count: number; inTitle: boolean; snippets: string[] }>;
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
  opts: { configPath: string; pageUrl?: string; explicitConfig?: boolean },
): Promise<ScanResult | ScanResult[]> {
  let watchlists: WatchlistConfig[] = [];
  let fetchConfig = defaultFetchConfig();
  // A config named on the command line must be there; the default one may be missing (extraction only).
  if (opts.explicitConfig || existsSync(opts.configPath)) {
    const config = await loadConfigFile(opts.configPath);
    watchlists = config.watchlists;
    fetchConfig = config.fetch;
  } else {
    process.stderr.write(`newswatch: no config at ${opts.configPath} (CONFIG_PATH): extracting without watchlists\n`);
  }
  const matcher = compileMatcher(watchlists);

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

  const feed = await tryReadFeed(body, contentType, url);
  if (!feed) {
    const page: PageFetch = { kind: 'html', url, html: decodeHtml(body, contentTypeCharset(contentType)).text, charset: 'utf-8' };
    return toScanResult(await processArticle({ link: url, item: {} }, { matcher, fetchPage: async () => page }));
  }
  const results: ScanResult[] = [];
  for (const { item } of keyItems(feed.items, url).slice(0, MAX_FEED_ARTICLES)) {
    const link = item.link ? new URL(item.link, url).toString() : undefined;
    results.push(await scanFeedItem(matcher, link, item, fetchConfig));
  }
  return results;
}

function contentTypeCharset(contentType: string | undefined): string | undefined {
  return /charset=["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
}

async function tryReadFeed(body: Buffer, contentType: string | undefined, url: string): Promise<ParsedFeed | undefined> {
  const head = body.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  const looksLikeFeed = head.startsWith('<?xml') || head.startsWith('<rss') || head.startsWith('<feed') || head.startsWith('<rdf') || head.startsWith('{');
  if (!looksLikeFeed) return undefined;
  try {
    return await readSource(body, contentType, url);
  } catch (err) {
    // An XHTML page starts like a feed: it is read as the page it is. Anything else that looked like a feed and
    // is none is the user's broken feed, and says why.
    if (/<html[\s>]/i.test(body.subarray(0, 4096).toString('latin1'))) return undefined;
    throw err;
  }
}

async function scanFeedItem(matcher: Matcher, link: string | undefined, item: ArticleItem, fetchConfig: FetchConfig): Promise<ScanResult> {
  const canFetch = link !== undefined && /^https?:/i.test(link);
  const outcome = await processArticle(
    { link: link ?? 'about:blank', item },
    {
      matcher,
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
  const { article, found } = outcome;
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
    matches: found.flatMap((wl) => wl.matches.map(({ offsets: _offsets, ...m }) => ({ watchlist: wl.watchlistId, ...m }))),
  };
}
