/**
 * The source stage, once for every caller: the worker's poll-feed processor
 * and `newswatch scan` both run it.
 *
 * 1. `fetchSource`: a conditional GET with the validators the caller kept
 *    (I/O: the HTTP client only; no Redis).
 * 2. `readSource`: decode the body by its declared or sniffed charset and
 *    read it as what it is: a feed (RSS, Atom, JSON), a sitemap (news,
 *    plain, index, gzip) or a listing page (pure). `pollSource` follows a
 *    sitemap index's recent children with the same client (caps, SSRF guard).
 * 3. `keyItems`: give each item its identity within the source (guid, else
 *    the canonical link), first one wins (pure).
 * 4. `splitBacklog`: on a source's first poll, items older than `backfill`
 *    (and undated ones) are backlog: recorded as seen, not alerted (pure).
 *
 * Which items are new is the caller's to decide (the worker asks Redis):
 * this module reads nothing and writes nothing.
 */
import type { FeedItem } from '../feed/types.js';
import { contentTypeOf } from '../http/content-type.js';
import { decodeHtml, decodeXml } from '../encoding/decode.js';
import { FeedParseError, parseFeed } from '../feed/index.js';
import { detectSourceType, feedKind, type SourceKind, type SourceType } from '../source/detect.js';
import { gunzipCapped, isGzip, parseSitemap } from '../source/sitemap.js';
import { selectChildren, sitemapItems } from '../source/sitemap-items.js';
import { findListingLinks } from '../source/listing.js';
import { readChildSitemaps } from './sitemap-children.js';
import { fetchSource, type SourceFetch, type Validators } from './fetch-source.js';

export { FEED_ACCEPT, fetchSource, type SourceFetch, type Validators } from './fetch-source.js';
import { itemKey } from '../url/canonical.js';
import { DAY_MS } from '../time/units.js';
import type { FetchConfig } from '../config/types.js';

/** Inflated size of a .xml.gz sitemap when the caller gives no cap (fetch.maxBytes' default). */
const DEFAULT_MAX_INFLATED = 5_000_000;

export interface KeyedItem {
  key: string;
  item: FeedItem;
}

export type PollResult =
  | {
      outcome: 'changed';
      kind: SourceKind;
      source: SourceRead;
      items: KeyedItem[];
      validators: Validators;
      headers: Record<string, string>;
      /** A sitemap index: the conditional-GET validators of the children it followed. */
      children?: Record<string, Validators>;
    }
  | Exclude<SourceFetch, { outcome: 'ok' }>;

export interface ReadOptions {
  /** The config's `type`: forces the kind where detection guesses wrong. */
  type?: SourceType;
  /** The config's `links`: a CSS selector for a listing page's story links. */
  links?: string;
  /** Cap for an inflated `.xml.gz` sitemap (fetch.maxBytes). */
  maxBytes?: number;
  now?: number;
}

/** What one answer of a source holds, whatever its kind. */
export interface SourceRead {
  kind: SourceKind;
  title?: string;
  /** RSS <ttl> in minutes, when given. */
  ttlMinutes?: number;
  items: FeedItem[];
  /** A sitemap index: the children this poll follows (see sitemap-items.ts). */
  childSitemaps?: string[];
}

/**
 * Decodes and reads a source's body as a feed, a sitemap or a listing page
 * (detected, or the `type` given). Throws an error whose message starts with
 * `feed:`, `sitemap:` or `page:` when it is none of them.
 */
export async function readSource(body: Buffer, contentType: string | undefined, url: string, opts: ReadOptions = {}): Promise<SourceRead> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_INFLATED;
  // A .xml.gz sitemap is a gzip file, not a gzip-encoded answer: the HTTP client leaves it compressed.
  const bytes = isGzip(body) ? gunzipCapped(body, maxBytes) : body;
  const { charset } = contentTypeOf({ 'content-type': contentType ?? '' });
  if (opts.type === 'page') return readPage(bytes, charset, url, opts.links, true);
  const { text } = decodeXml(bytes, charset);
  const type = opts.type ?? detectSourceType(text, contentType);
  if (type === 'sitemap') {
    const sitemap = parseSitemap(text);
    if (sitemap.kind === 'index') return { kind: 'sitemap', items: [], childSitemaps: selectChildren(sitemap.entries, opts.now ?? Date.now()) };
    return { kind: 'sitemap', items: sitemapItems(sitemap.entries, url) };
  }
  if (type === 'page') return readPage(bytes, charset, url, opts.links, false);
  const feed = await parseFeed(text, url);
  return { kind: feedKind(feed.format), title: feed.title, ttlMinutes: feed.ttlMinutes, items: feed.items };
}

function readPage(bytes: Buffer, charset: string | undefined, url: string, links: string | undefined, forced: boolean): SourceRead {
  const { text } = decodeHtml(bytes, charset);
  const found = findListingLinks(text, url, { selector: links });
  // An HTML answer where a feed was expected (a moved feed, a login wall) says so, unless the page lists stories.
  if (found.length === 0 && !forced && links === undefined) throw new FeedParseError('not a feed (looks like HTML)');
  return { kind: 'page', items: found.map((l) => ({ link: l.url, ...(l.title && { title: l.title }) })) };
}

/** Fetches, reads and keys one source: what one poll of it gives, before anyone asks which items are new. */
export async function pollSource(
  url: string,
  validators: Validators & { children?: Record<string, Validators> },
  fetchConfig: FetchConfig,
  opts: ReadOptions & { onLeaving?: () => void } = {},
): Promise<PollResult> {
  const fetched = await fetchSource(url, validators, fetchConfig, opts.onLeaving);
  if (fetched.outcome !== 'ok') return fetched;
  const now = opts.now ?? Date.now();
  let source: SourceRead;
  try {
    source = await readSource(fetched.body, fetched.headers['content-type'], fetched.url, { ...opts, maxBytes: fetchConfig.maxBytes, now });
  } catch (err) {
    return { outcome: 'error', error: err instanceof Error ? err.message : `feed: ${String(err)}` };
  }
  let children: Record<string, Validators> | undefined;
  if (source.childSitemaps) {
    const read = await readChildSitemaps(source.childSitemaps, validators.children ?? {}, fetchConfig);
    if (read.failed === source.childSitemaps.length && read.failed > 0) return { outcome: 'error', error: read.firstError! };
    source = { ...source, items: read.items };
    children = read.validators;
  }
  return {
    outcome: 'changed',
    kind: source.kind,
    source,
    items: keyItems(source.items, fetched.url),
    validators: fetched.validators,
    headers: fetched.headers,
    ...(children && { children }),
  };
}

/** Each item with its identity in the source; items without one, and repeats, are dropped. */
export function keyItems(items: FeedItem[], sourceUrl: string): KeyedItem[] {
  const keyed: KeyedItem[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const key = itemKey(item, sourceUrl);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    keyed.push({ key, item });
  }
  return keyed;
}

/** 2b: a page with at least this many links, this share of them new at once, is churning. */
export const CHURN_MIN_LINKS = 10;
export const CHURN_SHARE = 0.9;

function isChurn(fresh: number, listed: number): boolean {
  return listed >= CHURN_MIN_LINKS && fresh >= listed * CHURN_SHARE;
}

/** New links a listing page may bring in one poll; past it the page is rewriting its links, not publishing. */
export const MAX_NEW_PAGE_LINKS_PER_POLL = 30;
/** A sitemap item dated older than this is never news, even on a primed source (an old child file that changed). */
export const SITEMAP_STALE_MS = 7 * DAY_MS;

/**
 * Sorts a poll's unseen items into news and backlog.
 * 1. On a source's first poll only items newer than the backfill window are
 *    news; undated items are old news too, or adding a feed would flood its
 *    backlog. So a listing page's links at its first poll are its backlog.
 * 2. Afterwards every unseen item is news, except:
 *    a. a sitemap item dated before SITEMAP_STALE_MS ago;
 *    b. a listing page whose links all changed since the last poll (at
 *       least CHURN_MIN_LINKS of them, CHURN_SHARE new): session ids or
 *       rotating tokens in its links, not news; all backlog, none alerted;
 *    c. a listing page's new links past MAX_NEW_PAGE_LINKS_PER_POLL, in page
 *       order (the top of a page is its newest).
 */
export function splitBacklog(
  unseen: KeyedItem[],
  opts: { primed: boolean; backfillMs: number; now: number; kind?: SourceKind; listed?: number },
): { fresh: KeyedItem[]; backlog: KeyedItem[]; churned?: boolean } {
  const fresh: KeyedItem[] = [];
  const backlog: KeyedItem[] = [];
  const cutoff = opts.primed ? (opts.kind === 'sitemap' ? opts.now - SITEMAP_STALE_MS : -Infinity) : opts.now - opts.backfillMs;
  for (const k of unseen) {
    const published = k.item.publishedAt ? Date.parse(k.item.publishedAt) : NaN;
    const news = opts.primed ? !(published < cutoff) : published >= cutoff;
    (news ? fresh : backlog).push(k);
  }
  if (opts.kind === 'page' && opts.primed && isChurn(fresh.length, opts.listed ?? fresh.length)) {
    return { fresh: [], backlog: [...backlog, ...fresh], churned: true };
  }
  if (opts.kind === 'page' && fresh.length > MAX_NEW_PAGE_LINKS_PER_POLL) {
    backlog.push(...fresh.splice(MAX_NEW_PAGE_LINKS_PER_POLL));
  }
  return { fresh, backlog };
}
