import type { RedisClient } from '../redis/connect.js';
import { keys } from './keys.js';
import type { SourceKind } from '../../src/source/detect.js';
import type { Validators } from '../../src/pipeline/fetch-source.js';

/** What newswatch remembers of one feed between polls (a Redis hash per feed). */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** ms since epoch */
  lastPolledAt?: number;
  lastOutcome?: 'changed' | 'not-modified' | 'error' | 'gone';
  lastError?: string;
  /** Consecutive failed polls; 0 when the last poll worked. */
  failures: number;
  /** True once the first successful poll has recorded the feed's backlog as seen. */
  primed: boolean;
  /** When the next poll is due and why (for `newswatch feeds`). */
  nextPollAt?: number;
  nextPollReason?: string;
  /** Items per day observed recently (auto interval). */
  itemsPerDay?: number;
  /** The feed's last RSS <ttl>, minutes. */
  ttlMinutes?: number;
  /** The period its scheduler ticks at now, and the config interval it was planned for. */
  periodMs?: number;
  periodFor?: string;
  /** What the source was at its last good poll: rss, atom, json, sitemap or page. */
  kind?: SourceKind;
  /** A sitemap index: conditional-GET validators of the children followed last (stored as JSON). */
  children?: Record<string, Validators>;
}

const key = keys.feedState;

export async function readFeedState(redis: RedisClient, feedId: string): Promise<FeedState> {
  const h = await redis.hgetall(key(feedId));
  return {
    etag: h.etag || undefined,
    lastModified: h.lastModified || undefined,
    lastPolledAt: h.lastPolledAt ? Number(h.lastPolledAt) : undefined,
    lastOutcome: (h.lastOutcome as FeedState['lastOutcome']) || undefined,
    lastError: h.lastError || undefined,
    failures: Number(h.failures ?? 0),
    primed: h.primed === '1',
    nextPollAt: h.nextPollAt ? Number(h.nextPollAt) : undefined,
    nextPollReason: h.nextPollReason || undefined,
    itemsPerDay: h.itemsPerDay ? Number(h.itemsPerDay) : undefined,
    ttlMinutes: h.ttlMinutes ? Number(h.ttlMinutes) : undefined,
    periodMs: h.periodMs ? Number(h.periodMs) : undefined,
    periodFor: h.periodFor || undefined,
    kind: (h.kind as SourceKind) || undefined,
    children: parseChildren(h.children),
  };
}

/** Writes the given fields; `undefined` fields are deleted so a vanished ETag does not linger. */
export async function writeFeedState(redis: RedisClient, feedId: string, patch: Partial<FeedState>): Promise<void> {
  const set: Record<string, string> = {};
  const del: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) del.push(field);
    else if (typeof value === 'boolean') set[field] = value ? '1' : '0';
    else if (typeof value === 'object') set[field] = JSON.stringify(value);
    else set[field] = String(value);
  }
  const multi = redis.multi();
  if (Object.keys(set).length > 0) multi.hset(key(feedId), set);
  if (del.length > 0) multi.hdel(key(feedId), ...del);
  await multi.exec();
}

function parseChildren(raw: string | undefined): Record<string, Validators> | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Validators>) : undefined;
  } catch {
    return undefined; // a damaged field only costs one unconditional fetch of each child
  }
}

/**
 * A poll guard: true when this process may poll the feed now. Two workers
 * that both get a poll job for the same feed inside one interval (a restart
 * re-upserting schedulers, a manual trigger) poll it once.
 */
export async function claimPoll(redis: RedisClient, feedId: string, holdMs: number): Promise<boolean> {
  const ok = await redis.set(keys.pollGuard(feedId), String(Date.now()), 'PX', Math.max(1, Math.floor(holdMs)), 'NX');
  return ok === 'OK';
}

/** Lets a feed be polled again before its once-per-interval claim runs out (an operator's "poll now"). */
export async function releasePollClaim(redis: RedisClient, feedId: string): Promise<void> {
  await redis.del(keys.pollGuard(feedId));
}
