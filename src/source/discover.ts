/**
 * What a site offers to watch (pure parts of `newswatch discover`):
 *  1. feeds the page announces (`<link rel="alternate">` of a feed type),
 *  2. sitemaps robots.txt lists (`Sitemap:` lines, any case),
 *  3. the paths sites commonly put feeds and sitemaps at, tried when a site
 *     announces none,
 * and the `feeds:` lines a user pastes into the config.
 */
import { load } from 'cheerio';
import { parseHtml } from '../extract/parse.js';

export interface Offer {
  url: string;
  kind: 'rss' | 'atom' | 'json' | 'sitemap' | 'page';
  /** Where it was found: link-alternate, robots.txt, common path, the page itself. */
  via: string;
  title?: string;
  /** How many items one poll would take, and a few of them. */
  count: number;
  sample: Array<{ url: string; title?: string; publishedAt?: string }>;
}

const FEED_TYPES = /^(?:application\/(?:rss|atom|rdf|feed)\+(?:xml|json)|application\/json|text\/xml|application\/xml)$/i;

export const COMMON_FEED_PATHS = ['/feed', '/rss', '/rss.xml', '/feed.xml', '/atom.xml', '/index.xml', '/feeds/all.rss', '/rss/news.xml'];
export const COMMON_SITEMAP_PATHS = ['/news-sitemap.xml', '/sitemap_news.xml', '/sitemap-news.xml', '/sitemap.xml', '/sitemap_index.xml'];

/** Feeds a page announces, absolute, in page order, without repeats. */
export function announcedFeeds(html: string, pageUrl: string): Array<{ url: string; title?: string; kind: 'rss' | 'atom' | 'json' }> {
  const $ = load(parseHtml(html));
  let base: URL;
  try {
    base = new URL($('base[href]').first().attr('href') ?? pageUrl, pageUrl);
  } catch {
    base = new URL(pageUrl);
  }
  const out = new Map<string, { url: string; title?: string; kind: 'rss' | 'atom' | 'json' }>();
  $('link[href]').each((_, el) => {
    const rel = (el.attribs.rel ?? '').toLowerCase().split(/\s+/);
    const type = (el.attribs.type ?? '').trim();
    if (!rel.includes('alternate') || !FEED_TYPES.test(type)) return;
    try {
      const url = new URL(el.attribs.href!.trim(), base);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
      const kind = /json/i.test(type) ? 'json' : /atom/i.test(type) ? 'atom' : 'rss';
      if (!out.has(url.href)) out.set(url.href, { url: url.href, ...(el.attribs.title && { title: el.attribs.title.trim() }), kind });
    } catch {
      // an unreadable href announces nothing
    }
  });
  return [...out.values()];
}

/** `Sitemap:` lines of a robots.txt, absolute, without repeats. */
export function robotsSitemaps(robotsTxt: string, siteUrl: string): string[] {
  const out = new Set<string>();
  for (const line of robotsTxt.split(/\r?\n/)) {
    const m = /^\s*sitemap\s*:\s*(\S+)/i.exec(line);
    if (!m) continue;
    try {
      const url = new URL(m[1]!, siteUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') out.add(url.href);
    } catch {
      // skip
    }
  }
  return [...out];
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

/** Ready-to-paste `feeds:` lines, one entry per offer, the kind and a sample as comments. */
export function feedsYaml(offers: Offer[], opts: { linksSelector?: string } = {}): string {
  const lines = ['feeds:'];
  for (const o of offers) {
    lines.push(`  # ${o.kind} (${o.via}): ${o.count} item${o.count === 1 ? '' : 's'}${o.sample[0]?.title ? `, e.g. ${o.sample[0].title.slice(0, 80)}` : ''}`);
    lines.push(`  - url: ${yamlString(o.url)}`);
    if (o.title) lines.push(`    name: ${yamlString(o.title.slice(0, 80))}`);
    if (o.kind === 'page') {
      lines.push('    type: page');
      if (opts.linksSelector) lines.push(`    links: ${yamlString(opts.linksSelector)}`);
    }
  }
  return lines.join('\n');
}
