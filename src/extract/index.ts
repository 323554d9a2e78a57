/**
 * Article extraction: HTML string in, story out. Parses once (parse.ts),
 * reads metadata (JSON-LD, <meta>, markup), then picks the story text from,
 * best first: the page's article markup, content scoring, JSON-LD
 * articleBody when the DOM gives much less, the feed item's own text.
 *
 * Pure and total: any string gives a result in bounded time (input size and
 * nesting are capped, see input.ts and parse.ts); nothing here throws for bad HTML.
 */
import type { AnyNode, Element } from 'domhandler';
import type { FeedItem } from '../feed/types.js';
import type { ExtractedArticle, HtmlSource, TextSource } from './types.js';
import { walkElements } from './dom.js';
import { parseHtml, parsePage } from './parse.js';
import { flattenJsonLd, isArticleObject, isPageObject, parseJsonLd } from './json-ld.js';
import { agreesWith, jsonLdArticleBody } from './json-ld-body.js';
import { findStandfirst } from './lead.js';
import { readMetadata } from './metadata.js';
import { collectPageFacts } from './page-facts.js';
import { chooseContent } from './score.js';
import { computeStats, indexOf, isArticleBody, isExcluded, type DocumentStats } from './stats.js';
import { renderText } from './text.js';

export type { ExtractedArticle, HtmlSource, TextSource } from './types.js';

export interface ExtractOptions {
  /** The feed item that linked to the page: its text is the fallback body. */
  feedItem?: FeedItem;
  /** Below this many characters the page's text counts as "too little". */
  minTextLength?: number;
}

export { CHEERIO_LOAD_OPTIONS } from './parse.js';

export const DEFAULT_MIN_TEXT_LENGTH = 200;

/** Article markup wins over scoring when it holds this share of the scored paragraphs. */
const MARKUP_SHARE = 0.8;
/** JSON-LD articleBody wins when the DOM text is shorter than this share of it. */
const JSON_LD_SHARE = 0.6;

export function extractArticle(html: HtmlSource, pageUrl: string, opts: ExtractOptions = {}): ExtractedArticle {
  const minTextLength = opts.minTextLength ?? DEFAULT_MIN_TEXT_LENGTH;
  const { doc, noted } = parsePage(html, 'extraction');

  const facts = collectPageFacts(noted);
  const ld = flattenJsonLd(facts.jsonLd.map(parseJsonLd).filter((v) => v !== undefined));
  const ldArticles = ld.filter(isArticleObject);
  const meta = readMetadata(facts, ldArticles, ld.filter(isPageObject), pageUrl);

  const body = findBody(doc);
  let { text, source } = domText(computeStats(body), meta.title);
  if (text.length < minTextLength) {
    // Furniture rules can misfire on a whole page (a wrapper named "sidebar-layout"):
    // try again keeping layout furniture but not boilerplate that names itself
    // (newsletter, share, related), then keeping all; take what finds more.
    for (const rule of ['boilerplate', 'none'] as const) {
      if (text.length >= minTextLength) break;
      const again = domText(computeStats(body, rule), meta.title);
      if (again.text.length > text.length) ({ text, source } = again);
    }
  }

  if (text.length < minTextLength && facts.templates.length > 0) {
    // Script-rendered page: try the longest HTML template as the page.
    const template = facts.templates.reduce((a, b) => (b.length > a.length ? b : a));
    const fromTemplate = domText(computeStats(findBody(parseHtml(template, 'extraction'))), meta.title);
    if (fromTemplate.text.length > text.length) ({ text, source } = fromTemplate);
  }

  const ldBody = jsonLdArticleBody(ldArticles);
  if (ldBody !== undefined && ldBody.length >= minTextLength && text.length < ldBody.length * JSON_LD_SHARE && agreesWith(ldBody, text)) {
    text = ldBody;
    source = 'json-ld';
  }

  const feedText = opts.feedItem?.contentText?.trim();
  if (text.length < minTextLength && feedText !== undefined && feedText.length > text.length) {
    text = feedText;
    source = 'feed';
  }
  if (text === '') source = 'none';

  const feed = opts.feedItem;
  return {
    url: meta.url,
    title: meta.title ?? feed?.title,
    author: meta.author ?? feed?.author,
    publishedAt: meta.publishedAt ?? feed?.publishedAt,
    language: meta.language,
    siteName: meta.siteName,
    text,
    textSource: source,
  };
}

function findBody(doc: AnyNode): AnyNode {
  let body: Element | undefined;
  walkElements(doc, (el) => {
    if (body !== undefined) return false;
    if (el.name === 'body') {
      body = el;
      return false;
    }
    return el.name === 'html';
  });
  return body ?? doc;
}

/** Story text from the DOM: article markup when it holds the story, else the scored container. */
function domText(ds: DocumentStats, title: string | undefined): { text: string; source: TextSource } {
  const scored = chooseContent(ds);
  const markup = bestMarkup(ds);
  if (markup !== undefined) {
    const markupChars = ds.paraChars[indexOf(ds, markup)]!;
    if (scored === undefined || markupChars >= scored.paraChars * MARKUP_SHARE) {
      return { text: render([markup], ds, title), source: 'article-markup' };
    }
  }
  if (scored === undefined) return { text: '', source: 'none' };
  return { text: render(scored.roots, ds, title), source: 'scored' };
}

/** The story's containers as text, with the standfirst before them. */
function render(roots: Element[], ds: DocumentStats, title: string | undefined): string {
  return renderText(roots, ds, { title, leads: findStandfirst(roots, ds, title) });
}

/** The [itemprop=articleBody] element, else the <article> holding the most paragraph text. */
function bestMarkup(ds: DocumentStats): Element | undefined {
  let best: Element | undefined;
  let bestChars = 0;
  let bestIsItemprop = false;
  for (let i = 0; i < ds.order.length; i++) {
    const el = ds.order[i]!;
    if (isExcluded(ds, i)) continue;
    const itemprop = isArticleBody(ds, i);
    if (!itemprop && el.name !== 'article') continue;
    const chars = ds.paraChars[i]!;
    if (chars === 0) continue;
    // An itemprop=articleBody outranks <article>, which is often a wider wrapper or a teaser card.
    if ((itemprop && !bestIsItemprop) || ((itemprop || !bestIsItemprop) && chars > bestChars)) {
      best = el;
      bestChars = chars;
      bestIsItemprop = itemprop;
    }
  }
  return best;
}
