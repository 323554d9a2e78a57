import type { RedisClient } from '../redis/connect.js';
import type { FeedConfig, NewswatchConfig } from '../config/types.js';
import type { FeedItem, ParsedFeed } from '../feed/types.js';
import { httpRequest } from '../http/client.js';
import { contentTypeOf } from '../http/content-type.js';
import { decodeXml } from '../encoding/decode.js';
import { parseFeed } from '../feed/index.js';
import { itemKey } from '../url/canonical.js';
import type { FeedState } from '../state/feed-state.js';
import { unseenItemKeys } from '../state/seen-items.js';

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

export interface KeyedItem {
  key: string;
  item: FeedItem;
}

export type PollResult =
  | {
      outcome: 'changed';
      feed: ParsedFeed;
      /** Items to hand to the article stage. */
      fresh: KeyedItem[];
      /** Items recorded as seen without further work (backlog on a first poll). */
      backlog: KeyedItem[];
      validators: { etag?: string; lastModified?: string };
      headers: Record<string, string>;
    }
  | { outcome: 'not-modified'; headers: Record<string, string> }
  | { outcome: 'gone'; status: number }
  | { outcome: 'error'; error: string; status?: number; headers?: Record<string, string> };

/**
 * One poll of one feed: a conditional GET with the validators kept in Redis,
 * decode, parse, and sort the items into fresh and already seen. Writes
 * nothing: the caller queues the fresh items first and then records them, so
 * a crash in between re-queues instead of losing.
 */
export async function pollFeed(
  redis: RedisClient,
  feed: FeedConfig,
  state: FeedState,
  config: Pick<NewswatchConfig, 'fetch' | 'defaults'>,
  now = Date.now(),
): Promise<PollResult> {
  const headers: Record<string, string> = {};
  if (state.etag) headers['if-none-match'] = state.etag;
  if (state.lastModified) headers['if-modified-since'] = state.lastModified;

  let response;
  try {
    response = await httpRequest(feed.url, {
      headers,
      accept: FEED_ACCEPT,
      timeoutMs: config.fetch.timeoutMs,
      maxBytes: config.fetch.maxBytes,
      allowPrivateNetworks: config.fetch.allowPrivateNetworks,
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

  let parsed: ParsedFeed;
  try {
    const { charset } = contentTypeOf(response.headers);
    const { text } = decodeXml(response.body, charset);
    parsed = await parseFeed(text, response.url);
  } catch (err) {
    return { outcome: 'error', error: err instanceof Error ? err.message : `feed: ${String(err)}` };
  }

  const keyed: KeyedItem[] = [];
  const keysInFeed = new Set<string>();
  for (const item of parsed.items) {
    const key = itemKey(item, response.url);
    if (!key || keysInFeed.has(key)) continue;
    keysInFeed.add(key);
    keyed.push({ key, item });
  }
  const unseen = await unseenItemKeys(redis, feed.id, keyed.map((k) => k.key), now);
  const candidates = keyed.filter((k) => unseen.has(k.key));

  // On a feed's first poll only items newer than the backfill window are news;
  // undated items are old news too, or adding a feed would flood its backlog.
  const cutoff = now - config.defaults.backfillMs;
  const fresh: KeyedItem[] = [];
  const backlog: KeyedItem[] = [];
  for (const k of candidates) {
    const published = k.item.publishedAt ? Date.parse(k.item.publishedAt) : NaN;
    if (!state.primed && !(published >= cutoff)) backlog.push(k);
    else fresh.push(k);
  }

  return {
    outcome: 'changed',
    feed: parsed,
    fresh,
    backlog,
    validators: { etag: response.headers.etag, lastModified: response.headers['last-modified'] },
    headers: response.headers,
  };
}
