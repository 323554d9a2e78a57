/**
 * The history: what was matched and sent, and the extracted text of recent
 * articles, for `newswatch matches`, `newswatch replay` and /matches.
 *
 * | key | what | bounded by |
 * | historyEntryPrefix + text:<articleId> | one article as read (deflated JSON, text included) | age and bytes |
 * | historyEntryPrefix + alert:<alertId> | hash: `rec` the alert (webhook data, where, when), `delivery` its outcome | age and bytes |
 * | historyIndex | sorted set of entries by time written | trimmed with its entries |
 * | historySizes, historyBytes | bytes per entry and in total | trimmed with its entries |
 * | historyAlerts | sorted set of alert ids by time queued | trimmed with its entries |
 *
 * Every write is one script call (one round trip): store the entries, then
 * drop what is older than `maxAge` and, oldest first, what is beyond
 * `maxBytes`, so the history never grows without limit under `noeviction`.
 * The script builds entry keys from the prefix it is given; they carry the
 * same `{newswatch}` hash tag as the keys it is passed, so on a cluster they
 * live in the one slot the script runs on.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { HistoryConfig } from '../../src/config/types.js';
import type { AlertPayload } from '../../src/alert/types.js';
import type { RedisClient } from '../redis/connect.js';
import { keys } from './keys.js';

export const DEFAULT_HISTORY: HistoryConfig = { maxAgeMs: 7 * 86_400_000, maxBytes: 100_000_000 };

/** One article as the worker read it. */
export interface StoredArticle {
  id: string;
  url: string;
  canonicalUrl?: string;
  title?: string;
  publishedAt?: string;
  author?: string;
  language?: string;
  languageDetected?: boolean;
  text: string;
  feed: { url: string; name?: string };
  /** The watchlists it was matched against. */
  watchlists: string[];
  /** The story it was alerted under, when it matched. */
  storyId?: string;
  readAt: number;
}

/** One alert as queued for one webhook. */
export interface StoredAlert {
  alertId: string;
  webhookId: string;
  watchlistId: string;
  storyId: string;
  articleId: string;
  queuedAt: number;
  data: AlertPayload['data'];
}

export type Delivery = { outcome: 'delivered'; at: number; status: number } | { outcome: 'dead'; at: number; reason: string; status?: number };

export interface AlertRecord extends StoredAlert {
  delivery?: Delivery;
}

/** Bytes an alert hash costs beyond its JSON (field names, the delivery, the index entries). */
const ALERT_OVERHEAD = 200;
/** Entries dropped for age in one write at most, so one write stays short after a long pause. */
const AGE_BATCH = 500;

const WRITE = `
local index, sizes, total, alerts = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local prefix, now, maxAge, maxBytes = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local function drop(member)
  local size = tonumber(redis.call('HGET', sizes, member) or '0')
  redis.call('DEL', prefix .. member)
  redis.call('ZREM', index, member)
  redis.call('HDEL', sizes, member)
  if string.sub(member, 1, 6) == 'alert:' then redis.call('ZREM', alerts, string.sub(member, 7)) end
  redis.call('DECRBY', total, size)
end
local i = 5
while i <= #ARGV do
  local kind, member, at, body, size = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3], tonumber(ARGV[i + 4])
  local old = tonumber(redis.call('HGET', sizes, member) or '0')
  if kind == 'text' then
    redis.call('SET', prefix .. member, body)
  else
    redis.call('HSET', prefix .. member, 'rec', body)
    redis.call('ZADD', alerts, at, string.sub(member, 7))
  end
  redis.call('ZADD', index, at, member)
  redis.call('HSET', sizes, member, size)
  redis.call('INCRBY', total, size - old)
  i = i + 5
end
for _, member in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', '(' .. (now - maxAge), 'LIMIT', 0, ${AGE_BATCH})) do drop(member) end
while tonumber(redis.call('GET', total) or '0') > maxBytes do
  local oldest = redis.call('ZRANGE', index, 0, 0)
  if #oldest == 0 then break end
  drop(oldest[1])
end
return tonumber(redis.call('GET', total) or '0')
`;

/** Sets the delivery of an alert still in the history (a trimmed one is not brought back). */
const DELIVERY = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'delivery', ARGV[1]) return 1 end
return 0
`;

type HistoryCommands = {
  newswatchHistoryWrite(...args: Array<string | number | Buffer>): Promise<number>;
  newswatchHistoryDelivery(key: string, delivery: string): Promise<number>;
};

const defined = new WeakSet<object>();

function commands(redis: RedisClient): HistoryCommands {
  if (!defined.has(redis)) {
    redis.defineCommand('newswatchHistoryWrite', { numberOfKeys: 4, lua: WRITE });
    redis.defineCommand('newswatchHistoryDelivery', { numberOfKeys: 1, lua: DELIVERY });
    defined.add(redis);
  }
  return redis as unknown as HistoryCommands;
}

export function encodeArticle(article: StoredArticle): Buffer {
  return deflateRawSync(JSON.stringify(article));
}

export function decodeArticle(body: Buffer): StoredArticle {
  return JSON.parse(inflateRawSync(body).toString('utf8')) as StoredArticle;
}

/**
 * Stores an article's text and the alerts queued for it, then trims the
 * history: one round trip. Returns the bytes the history holds.
 */
export async function recordHistory(
  redis: RedisClient,
  limits: HistoryConfig,
  entries: { article?: StoredArticle; alerts?: StoredAlert[] },
  now = Date.now(),
): Promise<number> {
  const args: Array<string | number | Buffer> = [
    keys.historyIndex, keys.historySizes, keys.historyBytes, keys.historyAlerts,
    keys.historyEntryPrefix, now, limits.maxAgeMs, limits.maxBytes,
  ];
  if (entries.article) {
    const body = encodeArticle(entries.article);
    args.push('text', `text:${entries.article.id}`, entries.article.readAt, body, body.length);
  }
  for (const alert of entries.alerts ?? []) {
    const body = JSON.stringify(alert);
    args.push('alert', `alert:${alert.alertId}`, alert.queuedAt, body, Buffer.byteLength(body) + ALERT_OVERHEAD);
  }
  return commands(redis).newswatchHistoryWrite(...args);
}

export async function recordDelivery(redis: RedisClient, alertId: string, delivery: Delivery): Promise<void> {
  await commands(redis).newswatchHistoryDelivery(`${keys.historyEntryPrefix}alert:${alertId}`, JSON.stringify(delivery));
}

/** Bytes the history holds now (the metric). */
export async function historyBytes(redis: RedisClient): Promise<number> {
  return Number((await redis.get(keys.historyBytes)) ?? 0);
}

export interface AlertQuery {
  sinceMs: number;
  watchlist?: string;
  person?: string;
  limit?: number;
}

/** An alert as `--json` and /api/matches give it: the webhook's data plus when and where it went. */
export function alertJson(a: AlertRecord) {
  return {
    alertId: a.alertId,
    watchlistId: a.watchlistId,
    webhookId: a.webhookId,
    queuedAt: new Date(a.queuedAt).toISOString(),
    delivery: a.delivery ? { ...a.delivery, at: new Date(a.delivery.at).toISOString() } : null,
    data: a.data,
  };
}

/** Alerts queued since `sinceMs`, newest first, filtered by watchlist and person. */
export async function listAlerts(redis: RedisClient, query: AlertQuery): Promise<AlertRecord[]> {
  const limit = query.limit ?? 100;
  const out: AlertRecord[] = [];
  const BATCH = 200;
  for (let offset = 0; out.length < limit; offset += BATCH) {
    const ids = await redis.zrevrangebyscore(keys.historyAlerts, '+inf', query.sinceMs, 'LIMIT', offset, BATCH);
    if (ids.length === 0) break;
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(`${keys.historyEntryPrefix}alert:${id}`);
    for (const [err, hash] of (await pipeline.exec()) ?? []) {
      if (err) throw err;
      const h = hash as Record<string, string>;
      if (!h.rec) continue; // trimmed between the two reads
      const record: AlertRecord = { ...(JSON.parse(h.rec) as StoredAlert), ...(h.delivery && { delivery: JSON.parse(h.delivery) as Delivery }) };
      if (query.watchlist && record.watchlistId !== query.watchlist) continue;
      if (query.person && !record.data.matches.some((m) => m.entityId === query.person)) continue;
      out.push(record);
      if (out.length >= limit) break;
    }
    if (ids.length < BATCH) break;
  }
  return out;
}

/** Articles stored since `sinceMs`, oldest first, read in batches (a week can be many thousands). */
export async function* readArticles(redis: RedisClient, sinceMs: number, batch = 500): AsyncGenerator<StoredArticle> {
  let from = sinceMs;
  let skip = 0; // entries at score `from` already read (a score is ms: several entries can share one)
  for (;;) {
    const page = await redis.zrangebyscore(keys.historyIndex, from, '+inf', 'WITHSCORES', 'LIMIT', skip, batch);
    if (page.length === 0) return;
    const texts: string[] = [];
    for (let i = 0; i < page.length; i += 2) if (page[i]!.startsWith('text:')) texts.push(page[i]!);
    if (texts.length > 0) {
      const bodies = await redis.mgetBuffer(...texts.map((m) => keys.historyEntryPrefix + m));
      for (const body of bodies) if (body) yield decodeArticle(body);
    }
    if (page.length < batch * 2) return;
    const last = Number(page[page.length - 1]);
    let atLast = 0;
    for (let i = 1; i < page.length; i += 2) if (Number(page[i]) === last) atLast++;
    skip = last === from ? skip + atLast : atLast;
    from = last;
  }
}
