/**
 * What a source's answer is (pure): a feed, a sitemap or an HTML page. Like
 * feed formats, the kind is read from the body, not the URL: the root element
 * of XML (`urlset`/`sitemapindex` → sitemap; `rss`, `feed`, `rdf:RDF` → feed),
 * a JSON object → feed, markup that starts like HTML → page. A config's
 * `type` forces the answer where this guesses wrong.
 */
import { rootElementName } from '../feed/xml-prepare.js';
import { sitemapRootKind } from './sitemap.js';

export type SourceType = 'feed' | 'sitemap' | 'page';
/** What `newswatch feeds` and the metrics call a source. */
export type SourceKind = 'rss' | 'atom' | 'json' | 'sitemap' | 'page';

const HTML_START = /^(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<title[\s>]|<div[\s>])/i;

/** Detects the type of a decoded body; `contentType` decides only when the body does not. */
export function detectSourceType(text: string, contentType: string | undefined): SourceType {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'feed';
  const root = rootElementName(head);
  if (sitemapRootKind(root)) return 'sitemap';
  if (root && /^(?:rss|feed|rdf:rdf|rdf)$/i.test(root)) return 'feed';
  if (root?.toLowerCase() === 'html' || HTML_START.test(head)) return 'page';
  if (/^text\/html\b/i.test(contentType ?? '')) return 'page';
  return 'feed';
}

/** The kind a feed's parsed format stands for (RDF is RSS 1.0). */
export function feedKind(format: 'rss' | 'atom' | 'rdf' | 'json'): SourceKind {
  return format === 'rdf' ? 'rss' : format;
}
