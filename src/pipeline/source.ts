/**
 * The source stage, once for every caller: the worker's poll-feed processor
 * and `newswatch scan` both run it.
 *
 * 1. `fetchSource`: a conditional GET with the validators the caller kept
 *    (I/O: the HTTP client only; no Redis).
 * 2. `readSource`: decode the body by its declared or sniffed charset and
 *    parse it (pure).
 * 3. `keyItems`: give each item its identity within the source (guid, else
 *    the canonical link), first one wins (pure).
 * 4. `splitBacklog`: on a source's first poll, items older than `backfill`
 *    (and undated ones) are backlog: recorded as seen, not alerted (pure).
 *
 * Which items are new is the caller's to decide (the worker asks Redis):
 * this module reads nothing and writes nothing.
 */
import type { FeedItem, ParsedFeed } from '../feed/types.js';
import { httpRequest } from '../http/client.js';
import { contentTypeOf } from '../http/content-type.js';
import { decodeXml } from '../encoding/decode.js';
import { parseFeed } from '../feed/index.js';
import { itemKey } from '../url/canonical.js';
import type { FetchConfig } from '../config/types.js';

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

export interface KeyedItem {
  key: string;
  item: FeedItem;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type SourceFetch =
  | { outcome: 'ok'; body: Buffer; url: string; headers: Record<string, string>; validators: Validators }
  | { outcome: 'not-modified'; headers: Record<string, string> }
  | { outcome: 'gone'; status: number }
  | { outcome: 'error'; error: string; status?: number; headers?: Record<string, string> };

export type PollResult =
  | { outcome: 'changed'; feed: ParsedFeed; items: KeyedItem[]; validators: Validators; headers: Record<string, string> }
  | Exclude<SourceFetch, { outcome: 'ok' }>;

/** One conditional GET of a source. Never throws for network or HTTP trouble: it says what happened. */
export async function fetchSource(url: string, validators: Validators, fetchConfig: FetchConfig): Promise<SourceFetch> {
  const headers: Record<string, string> = {};
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  let response;
  try {
    response = await httpRequest(url, {
      headers,
      accept: FEED_ACCEPT,
      timeoutMs: fetchConfig.timeoutMs,
      maxBytes: fetchConfig.maxBytes,
      allowPrivateNetworks: fetchConfig.allowPrivateNetworks,
    });
  } catch (err) {
    return { outcome: 'error', error: (err as Error).message };
  }
  const { status } = response;
  if (status === 304) return { outcome: 'not-modified', headers: response.headers };
  if (status === 410) return { outcome: 'gone', status };
  if (status < 200 || status >= 300) {
    // Retry-After, Date and the like travel in the headers: the schedule planner reads them.
    return { outcome: 'error', status, error: `feed: HTTP ${status}`, headers: response.headers };
  }
  return {
    outcome: 'ok',
    body: response.body,
    url: response.url,
    headers: response.headers,
    validators: { etag: response.headers.etag, lastModified: response.headers['last-modified'] },
  };
}

/** Decodes and parses a source's body. Throws a `FeedParseError` (message starts `feed:`) when it is no feed. */
export async function readSource(body: Buffer, contentType: string | undefined, url: string): Promise<ParsedFeed> {
  const { charset } = contentTypeOf({ 'content-type': contentType ?? '' });
  const { text } = decodeXml(body, charset);
  return parseFeed(text, url);
}

/** Fetches, reads and keys one source: what one poll of it gives, before anyone asks which items are new. */
export async function pollSource(url: string, validators: Validators, fetchConfig: FetchConfig): Promise<PollResult> {
  const fetched = await fetchSource(url, validators, fetchConfig);
  if (fetched.outcome !== 'ok') return fetched;
  let feed: ParsedFeed;
  try {
    feed = await readSource(fetched.body, fetched.headers['content-type'], fetched.url);
  } catch (err) {
    return { outcome: 'error', error: err instanceof Error ? err.message : `feed: ${String(err)}` };
  }
  return { outcome: 'changed', feed, items: keyItems(feed.items, fetched.url), validators: fetched.validators, headers: fetched.headers };
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

/**
 * Sorts a poll's unseen items into news and backlog. On a source's first
 * poll only items newer than the backfill window are news; undated items are
 * old news too, or adding a feed would flood its backlog.
 */
export function splitBacklog(
  unseen: KeyedItem[],
  opts: { primed: boolean; backfillMs: number; now: number },
): { fresh: KeyedItem[]; backlog: KeyedItem[] } {
  if (opts.primed) return { fresh: unseen, backlog: [] };
  const cutoff = opts.now - opts.backfillMs;
  const fresh: KeyedItem[] = [];
  const backlog: KeyedItem[] = [];
  for (const k of unseen) {
    const published = k.item.publishedAt ? Date.parse(k.item.publishedAt) : NaN;
    (published >= cutoff ? fresh : backlog).push(k);
  }
  return { fresh, backlog };
}
