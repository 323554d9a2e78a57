import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfigFile } from '../../src/config/index.js';
import type { FetchConfig, WatchlistConfig } from '../../src/config/types.js';
import { httpRequest } from '../../src/http/client.js';
import { contentTypeOf } from '../../src/http/content-type.js';
import { decodeHtml, decodeXml } from '../../src/encoding/decode.js';
import { parseFeed } from '../../src/feed/index.js';
import type { FeedItem, ParsedFeed } from '../../src/feed/types.js';
import { extractArticle } from '../../src/extract/index.js';
import { compileMatcher, type Matcher } from '../../src/match/index.js';
import { fetchPage } from '../../src/article/fetch-page.js';

export interface ScanResult {
  article: { url: string; title?: string; author?: string; publishedAt?: string; language?: string; text: string };
  matches: Array<{ watchlist: string; entityId: string; name: string; role?: string; wikidata?: string; count: number; inTitle: boolean; snippets: string[] }>;
}

/** Articles of a scanned feed fetched at most (a scan is a look, not a crawl). */
const MAX_FEED_ARTICLES = 20;

const DEFAULT_FETCH: FetchConfig = { timeoutMs: 15_000, maxBytes: 5_000_000, allowPrivateNetworks: false };

/**
 * `newswatch scan`: one page or one feed through extraction and matching,
 * without Redis. A page gives one result; a feed gives one per item.
 */
export async function runScan(
  target: string,
  opts: { configPath: string; pageUrl?: string; explicitConfig?: boolean },
): Promise<ScanResult | ScanResult[]> {
  let watchlists: WatchlistConfig[] = [];
  let fetchConfig = DEFAULT_FETCH;
  if (existsSync(opts.configPath) || opts.explicitConfig) {
    const config = await loadConfigFile(opts.configPath);
    watchlists = config.watchlists;
    fetchConfig = config.fetch;
  } else {
    process.stderr.write(`newswatch: no config at ${opts.configPath}: extracting without watchlists\n`);
  }
  const matcher = compileMatcher(watchlists);

  const isUrl = /^https?:\/\//i.test(target);
  let bytes: Buffer;
  let charset: string | undefined;
  let url: string;
  if (isUrl) {
    const res = await httpRequest(target, {
      timeoutMs: fetchConfig.timeoutMs,
      maxBytes: fetchConfig.maxBytes,
      allowPrivateNetworks: fetchConfig.allowPrivateNetworks,
    });
    if (res.status < 200 || res.status >= 300) throw new Error(`scan: HTTP ${res.status}`);
    bytes = res.body;
    charset = contentTypeOf(res.headers).charset;
    url = opts.pageUrl ?? res.url;
  } else {
    bytes = await readFile(target);
    url = opts.pageUrl ?? pathToFileURL(resolve(target)).toString();
  }

  const feed = await tryParseFeed(bytes, charset, url);
  if (!feed) {
    const { text } = decodeHtml(bytes, charset);
    return scanArticle(matcher, text, url);
  }
  const results: ScanResult[] = [];
  for (const item of feed.items.slice(0, MAX_FEED_ARTICLES)) {
    results.push(await scanFeedItem(matcher, item, fetchConfig));
  }
  return results;
}

async function tryParseFeed(bytes: Buffer, charset: string | undefined, url: string): Promise<ParsedFeed | undefined> {
  const head = bytes.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  const looksLikeFeed = head.startsWith('<?xml') || head.startsWith('<rss') || head.startsWith('<feed') || head.startsWith('<rdf') || head.startsWith('{');
  if (!looksLikeFeed) return undefined;
  try {
    return await parseFeed(decodeXml(bytes, charset).text, url);
  } catch {
    return undefined;
  }
}

function scanArticle(matcher: Matcher, html: string, url: string, item?: FeedItem): ScanResult {
  const article = extractArticle(html, url, { feedItem: item });
  const title = article.title ?? item?.title;
  const found = matcher.match({ title, text: article.text });
  return {
    article: {
      url: article.url,
      title,
      author: article.author ?? item?.author,
      publishedAt: article.publishedAt ?? item?.publishedAt,
      language: article.language,
      text: article.text,
    },
    matches: found.flatMap((wl) =>
      wl.matches.map(({ offsets: _offsets, ...m }) => ({ watchlist: wl.watchlistId, ...m })),
    ),
  };
}

async function scanFeedItem(matcher: Matcher, item: FeedItem, fetchConfig: FetchConfig): Promise<ScanResult> {
  if (item.link && /^https?:/i.test(item.link)) {
    const page = await fetchPage(item.link, fetchConfig).catch(() => undefined);
    if (page?.kind === 'html') return scanArticle(matcher, page.html, page.url, item);
  }
  return scanArticle(matcher, '', item.link ?? 'about:blank', item);
}
