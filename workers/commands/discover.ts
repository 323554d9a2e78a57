import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultFetchConfig, loadConfigFile } from '../../src/config/index.js';
import type { FetchConfig } from '../../src/config/types.js';
import { decodeHtml } from '../../src/encoding/decode.js';
import { fetchSource } from '../../src/pipeline/fetch-source.js';
import { keyItems, readSource, type SourceRead } from '../../src/pipeline/source.js';
import { readChildSitemaps } from '../../src/pipeline/sitemap-children.js';
import { detectSourceType } from '../../src/source/detect.js';
import { decodeXml } from '../../src/encoding/decode.js';
import { findListingLinks } from '../../src/source/listing.js';
import { announcedFeeds, COMMON_FEED_PATHS, COMMON_SITEMAP_PATHS, feedsYaml, robotsSitemaps, type Offer } from '../../src/source/discover.js';

/** A page offers itself as a listing when it has at least this many story links. */
const MIN_LISTING_LINKS = 3;
const SAMPLE = 3;

export interface DiscoverReport {
  target: string;
  offers: Offer[];
  /** Candidates tried that gave nothing, and why (network targets only). */
  rejected: Array<{ url: string; why: string }>;
  yaml: string;
}

/**
 * `newswatch discover`: what a site offers to watch. A URL is fetched and
 * probed (announced feeds, robots.txt sitemaps, common paths, the page as a
 * listing), each candidate read by the same source stage the worker polls
 * with. A file is read as it is: its announced feeds (unverified, resolved
 * against --url or the file) and whether it works as a listing page.
 */
export async function runDiscover(target: string, opts: { configPath?: string; pageUrl?: string }): Promise<DiscoverReport> {
  const fetchConfig = opts.configPath ? (await loadConfigFile(opts.configPath)).fetch : defaultFetchConfig();
  const offers: Offer[] = [];
  const rejected: DiscoverReport['rejected'] = [];
  const isUrl = /^https?:\/\//i.test(target);
  let body: Buffer;
  let contentType: string | undefined;
  let pageUrl: string;
  if (isUrl) {
    const fetched = await fetchSource(target, {}, fetchConfig);
    if (fetched.outcome !== 'ok') throw new Error(`discover: ${target} answered ${fetched.outcome === 'error' ? fetched.error : fetched.outcome}`);
    ({ body, url: pageUrl } = fetched);
    contentType = fetched.headers['content-type'];
  } else {
    if (!existsSync(target)) throw new Error(`discover: no such file ${target}`);
    body = await readFile(target);
    // A saved page's links resolve against the address it claims (canonical, og:url) unless --url says otherwise.
    pageUrl = opts.pageUrl ?? claimedUrl(decodeHtml(body).text) ?? pathToFileURL(resolve(target)).toString();
  }

  const type = detectSourceType(decodeXml(body.subarray(0, 4096)).text, contentType);
  if (type !== 'page') {
    // The target is itself a feed or sitemap: say what it gives.
    const offer = await offerFrom(body, contentType, pageUrl, 'the URL itself', fetchConfig, isUrl).catch((err: Error) => {
      rejected.push({ url: pageUrl, why: err.message });
      return undefined;
    });
    if (offer) offers.push(offer);
    return { target, offers, rejected, yaml: feedsYaml(offers) };
  }

  const html = decodeHtml(body, /charset=["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1]).text;
  const announced = announcedFeeds(html, pageUrl);
  const candidates: Array<{ url: string; via: string; title?: string; kind?: Offer['kind'] }> = announced.map((f) => ({ ...f, via: 'link rel=alternate' }));
  if (isUrl) {
    const origin = new URL(pageUrl).origin;
    const robots = await fetchSource(`${origin}/robots.txt`, {}, fetchConfig);
    const sitemaps = robots.outcome === 'ok' ? robotsSitemaps(robots.body.toString('utf8'), origin) : [];
    candidates.push(...sitemaps.map((url) => ({ url, via: 'robots.txt' })));
    if (announced.length === 0) candidates.push(...COMMON_FEED_PATHS.map((p) => ({ url: origin + p, via: 'common path' })));
    if (sitemaps.length === 0) candidates.push(...COMMON_SITEMAP_PATHS.map((p) => ({ url: origin + p, via: 'common path' })));
  }
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.url)) continue;
    seen.add(c.url);
    if (!isUrl) {
      offers.push({ url: c.url, kind: c.kind ?? 'rss', via: `${c.via} (not fetched)`, ...(c.title && { title: c.title }), count: 0, sample: [] });
      continue;
    }
    const fetched = await fetchSource(c.url, {}, fetchConfig);
    if (fetched.outcome !== 'ok') {
      rejected.push({ url: c.url, why: fetched.outcome === 'error' ? fetched.error : fetched.outcome });
      continue;
    }
    const offer = await offerFrom(fetched.body, fetched.headers['content-type'], fetched.url, c.via, fetchConfig, true).catch((err: Error) => {
      rejected.push({ url: c.url, why: err.message });
      return undefined;
    });
    if (offer && offer.kind !== 'page') offers.push({ ...offer, url: c.url, ...(c.title && { title: c.title }) });
    else if (offer) rejected.push({ url: c.url, why: 'an HTML page, not a feed or sitemap' });
  }

  const links = findListingLinks(html, pageUrl);
  if (links.length >= MIN_LISTING_LINKS) {
    // An article page lists links too (related stories): worth watching only if that is what the user wants.
    const via = looksLikeArticle(html) ? 'the page itself, which looks like an article: its related links' : 'the page itself';
    offers.push({ url: pageUrl, kind: 'page', via, count: links.length, sample: links.slice(0, SAMPLE).map((l) => ({ url: l.url, ...(l.title && { title: l.title }) })) });
  } else {
    rejected.push({ url: pageUrl, why: `as a listing page: ${links.length} story link${links.length === 1 ? '' : 's'} found` });
  }
  return { target, offers, rejected, yaml: feedsYaml(offers) };
}

async function offerFrom(body: Buffer, contentType: string | undefined, url: string, via: string, fetchConfig: FetchConfig, network: boolean): Promise<Offer> {
  let read: SourceRead = await readSource(body, contentType, url, { maxBytes: fetchConfig.maxBytes });
  if (read.childSitemaps) {
    const children = network ? await readChildSitemaps(read.childSitemaps, {}, fetchConfig) : { items: [] };
    read = { ...read, items: children.items };
  }
  const items = keyItems(read.items, url);
  return {
    url,
    kind: read.kind,
    via,
    ...(read.title && { title: read.title }),
    count: items.length,
    sample: items.slice(0, SAMPLE).map(({ item }) => ({
      url: item.link ?? '',
      ...(item.title && { title: item.title }),
      ...(item.publishedAt && { publishedAt: item.publishedAt }),
    })),
  };
}

function looksLikeArticle(html: string): boolean {
  const head = html.slice(0, 300_000);
  return (
    /<meta\b[^>]*\bproperty=["']og:type["'][^>]*\bcontent=["']article["']/i.test(head) ||
    /<meta\b[^>]*\bcontent=["']article["'][^>]*\bproperty=["']og:type["']/i.test(head) ||
    /"@type"\s*:\s*"(?:News|Report|Blog)?Article"/.test(head)
  );
}

function claimedUrl(html: string): string | undefined {
  const head = html.slice(0, 200_000);
  const m =
    /<link\b[^>]*\brel=["']?canonical["']?[^>]*\bhref=["']([^"']+)["']/i.exec(head) ??
    /<link\b[^>]*\bhref=["']([^"']+)["'][^>]*\brel=["']?canonical\b/i.exec(head) ??
    /<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["']([^"']+)["']/i.exec(head);
  return m && /^https?:\/\//i.test(m[1]!) ? m[1] : undefined;
}

/** The human form: the lines to paste, then what was tried and left out. */
export function formatDiscover(report: DiscoverReport): string {
  const out: string[] = [];
  if (report.offers.length === 0) out.push(`# ${report.target}: nothing to watch found`);
  else out.push(report.yaml);
  for (const r of report.rejected) out.push(`# not used: ${r.url}: ${r.why}`);
  return out.join('\n');
}
