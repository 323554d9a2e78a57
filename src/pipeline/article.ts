/**
 * The article stage, once for every caller: the worker's fetch-article
 * processor and `newswatch scan` both run `processArticle`, so a scan shows
 * exactly what the worker would do with the same page.
 *
 * 1. Fetch the page (the caller supplies the fetch, so the worker can hold
 *    its host's politeness slot around it and scan can read a file).
 * 2. A page that is not HTML (a PDF, a video) is read from the feed item's
 *    own text; a failed fetch is returned as `permanent` or `retry` for the
 *    caller to map to its queue.
 * 3. Extract the story (title, author, date fall back to the feed item's).
 * 4. Match it against the watchlists.
 * 5. Judge the matches by the watchlists' `when` rules (src/relevance):
 *    `found` keeps the people who alert, each with its prominence and the
 *    rule that held; `judged` has every person named, with every condition.
 *
 * No Redis, no queue: deduplication and alerting are the worker's.
 */
import type { FeedItem } from '../feed/types.js';
import { extractArticle, type HtmlSource, type TextSource } from '../extract/index.js';
import type { Matcher } from '../match/index.js';
import type { WatchlistMatch } from '../match/types.js';
import { alertingMatches, compileRelevance, detectLanguage, type JudgedWatchlist, type RelevantMatch, type Relevance } from '../relevance/index.js';
import { canonicalizeUrl } from '../url/canonical.js';
import type { PageFetch } from './fetch-page.js';

/** The feed item fields the article stage reads (a job carries exactly these). */
export type ArticleItem = Pick<FeedItem, 'title' | 'author' | 'publishedAt' | 'contentText'>;

/** One article as every later stage sees it. */
export interface ArticleView {
  /** The link the source gave, after redirects, without tracking parameters: the page that was read. */
  url: string;
  /** The page's own claim (`<link rel=canonical>`, og:url), when it names another address. */
  canonicalUrl?: string;
  title?: string;
  author?: string;
  publishedAt?: string;
  /** The page's declared language, else the one detected from the text. */
  language?: string;
  /** True when `language` was detected, not declared. */
  languageDetected?: boolean;
  siteName?: string;
  /** The story's body as plain text, paragraphs separated by blank lines, without the headline. */
  text: string;
  textSource: TextSource;
}

/** The people who alert, per watchlist, in the matcher's shape plus prominence and rule. */
export interface AlertingWatchlist {
  watchlistId: string;
  matches: RelevantMatch[];
}

export type ArticleOutcome =
  | { kind: 'read'; page: 'html' | 'not-html'; article: ArticleView; found: AlertingWatchlist[]; judged: JudgedWatchlist[]; note?: string }
  | { kind: 'permanent'; reason: string; status?: number }
  | { kind: 'retry'; reason: string; status?: number; retryAfterMs?: number };

export interface ArticleInput {
  /** The absolute link to fetch. */
  link: string;
  item: ArticleItem;
  /** Watchlist ids to match; all when absent. */
  watchlists?: string[];
}

export interface ArticleDeps {
  fetchPage(link: string): Promise<PageFetch>;
  matcher: Matcher;
  /** The watchlists' `when` rules; without it every mention alerts. */
  relevance?: Relevance;
}

const NO_RULES = compileRelevance([]);

export async function processArticle(input: ArticleInput, deps: ArticleDeps): Promise<ArticleOutcome> {
  const page = await deps.fetchPage(input.link);
  switch (page.kind) {
    case 'permanent':
    case 'retry':
      return page;
    case 'skip': {
      const article = readArticle(undefined, input.link, input.item);
      return { kind: 'read', page: 'not-html', article, ...judgeArticle(deps, article, input.watchlists), note: page.reason };
    }
    case 'html': {
      const article = readArticle({ html: page.html, url: page.url }, input.link, input.item);
      return { kind: 'read', page: 'html', article, ...judgeArticle(deps, article, input.watchlists) };
    }
  }
}

/**
 * Extracts the story from a fetched page (or, with no page, from the feed
 * item's text alone). Pure.
 */
export function readArticle(page: { html: HtmlSource; url: string } | undefined, link: string, item?: ArticleItem): ArticleView {
  const fetchedUrl = page?.url ?? link;
  const extracted = extractArticle(page?.html ?? '', fetchedUrl, { feedItem: item });
  const url = canonicalizeUrl(fetchedUrl) ?? fetchedUrl;
  const declared = canonicalizeUrl(extracted.url);
  return {
    url,
    ...(declared && declared !== url && { canonicalUrl: declared }),
    title: extracted.title ?? item?.title,
    author: extracted.author ?? item?.author,
    publishedAt: extracted.publishedAt ?? item?.publishedAt,
    ...languageOf(extracted.language, extracted.text),
    siteName: extracted.siteName,
    text: extracted.text,
    textSource: extracted.textSource,
  };
}

/** The watchlists' matches in one article's title and text. Pure. */
export function matchArticle(matcher: Matcher, article: Pick<ArticleView, 'title' | 'text'>, watchlists?: string[]): WatchlistMatch[] {
  return matcher.match({ title: article.title, text: article.text }, watchlists);
}

function languageOf(declared: string | undefined, text: string): Pick<ArticleView, 'language' | 'languageDetected'> {
  if (declared) return { language: declared };
  const detected = detectLanguage(text);
  return detected ? { language: detected, languageDetected: true } : {};
}

/**
 * Matching and the rule step on an article already read: the worker, `scan`
 * and `replay` (over stored articles) all come through here. Pure.
 */
export function judgeArticle(
  deps: { matcher: Matcher; relevance?: Relevance },
  article: Pick<ArticleView, 'title' | 'text' | 'language'>,
  watchlists?: string[],
): { found: AlertingWatchlist[]; judged: JudgedWatchlist[] } {
  const matched = matchArticle(deps.matcher, article, watchlists);
  if (matched.length === 0) return { found: [], judged: [] };
  const judged = (deps.relevance ?? NO_RULES).judge(article, matched);
  return { found: alertingMatches(judged), judged };
}
