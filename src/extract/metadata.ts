/**
 * Article metadata from what the page says about itself, in order of trust:
 * JSON-LD article objects (written for machines, usually exact), then
 * OpenGraph / article:* / parsely / Dublin Core <meta>, then visible markup
 * (<h1>, <time>, itemprop / rel=author bylines), then <title>.
 */
import { authorNames, str, type JsonObject } from './json-ld.js';
import type { PageFacts } from './page-facts.js';
import type { ExtractedArticle } from './types.js';
import { normalizeSpace, textOf } from './dom.js';
import { toIsoDate } from '../time/iso-date.js';
import { resolveHttpUrl } from '../url/resolve.js';

/** Everything the extractor returns but the text. */
export type ArticleMetadata = Omit<ExtractedArticle, 'text' | 'textSource'>;

function firstMeta(facts: PageFacts, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = facts.meta.get(k)?.[0];
    if (v) return v;
  }
  return undefined;
}

/** BCP 47-ish tag: "en_US" → "en-US"; rejects junk. */
export function normalizeLanguage(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().split(/[,;\s]/)[0]!.replace(/_/g, '-');
  return /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(v) ? v : undefined;
}

function cleanAuthor(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = normalizeSpace(value).replace(/^(by|von|par|por|di|door)\s*:?\s+/i, '');
  if (v === '' || v.length > 200 || /^https?:\/\//.test(v)) return undefined;
  return v;
}

const TITLE_SEPARATOR = /\s+[|\-–—:»·/]+\s+/g;

/**
 * Drops a trailing " | Site" (or a leading "Site | ") from a title: the site
 * name when known, else a short last segment after a headline-long first one.
 */
export function stripSiteFromTitle(title: string, siteName?: string): string {
  const seps = [...title.matchAll(TITLE_SEPARATOR)];
  if (seps.length === 0) return title;
  const first = seps[0]!;
  const last = seps[seps.length - 1]!;
  const head = title.slice(0, first.index);
  const tail = title.slice(last.index + last[0].length);
  const site = siteName?.trim().toLowerCase();
  if (site) {
    if (tail.toLowerCase() === site) return title.slice(0, last.index).trim();
    if (head.toLowerCase() === site) return title.slice(first.index + first[0].length).trim();
  }
  const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;
  const kept = title.slice(0, last.index);
  if (words(tail) <= 3 && words(kept) >= 4) return kept.trim();
  return title;
}

export function readMetadata(facts: PageFacts, articles: JsonObject[], pages: JsonObject[], pageUrl: string): ArticleMetadata {
  const ld = articles[0];
  const publisher = ld?.['publisher'] as JsonObject | undefined;
  const siteName =
    firstMeta(facts, ['og:site_name']) ?? str(publisher?.['name']) ?? firstMeta(facts, ['application-name', 'twitter:site']);

  const h1 = facts.h1.length > 0 ? textOf(facts.h1[0]!, 500) : undefined;
  const rawTitle =
    str(ld?.['headline']) ??
    firstMeta(facts, ['og:title', 'twitter:title', 'parsely-title', 'sailthru.title', 'dc.title', 'headline']) ??
    (h1 && h1.length > 0 ? h1 : undefined) ??
    str(ld?.['name']) ??
    facts.titleTag;
  const title = rawTitle ? stripSiteFromTitle(normalizeSpace(rawTitle), siteName) : undefined;

  const ldAuthors = ld ? authorNames(ld['author'] ?? ld['creator']) : [];
  const author =
    (ldAuthors.length > 0 ? ldAuthors.join(', ') : undefined) ??
    cleanAuthor(firstMeta(facts, ['author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'dcterms.creator', 'byl'])) ??
    facts.bylines.map(cleanAuthor).find((a) => a !== undefined);

  const publishedAt = [
    str(ld?.['datePublished']),
    ...['article:published_time', 'og:article:published_time', 'parsely-pub-date', 'sailthru.date', 'datepublished', 'dc.date.issued', 'dcterms.issued', 'dc.date', 'dcterms.date', 'date', 'pubdate', 'publishdate', 'publish-date', 'article.published', 'displaydate'].map((k) => facts.meta.get(k)?.[0]),
    ...facts.itempropDates,
    str(ld?.['dateCreated']),
    ...facts.timeDatetimes.slice(0, 1),
    str(ld?.['dateModified']),
  ]
    .map(toIsoDate)
    .find((d) => d !== undefined);

  const language = [
    facts.htmlLang,
    firstMeta(facts, ['og:locale']),
    firstMeta(facts, ['content-language']),
    str(ld?.['inLanguage']),
    str(pages[0]?.['inLanguage']),
    firstMeta(facts, ['dc.language', 'language']),
  ]
    .map(normalizeLanguage)
    .find((l) => l !== undefined);

  const url =
    resolveHttpUrl(facts.canonical, pageUrl) ??
    resolveHttpUrl(firstMeta(facts, ['og:url']), pageUrl) ??
    resolveHttpUrl(pageUrl, pageUrl) ??
    pageUrl;

  return { url, title: title || undefined, author, publishedAt, language, siteName };
}
