import type { RedisClient } from '../redis/connect.js';
import { fingerprintBands, isNearDuplicate } from '../../src/alert/fingerprint.js';
import { keys } from './keys.js';
import { DAY_MS } from '../../src/time/units.js';

/** How long a story is remembered for near-duplicate detection. */
export const STORY_WINDOW_MS = 7 * DAY_MS;

const urlKey = keys.storyByUrl;
const bandKey = keys.storyBand;
const fpKey = keys.storyFingerprint;
const alertedKey = keys.storyAlerted;

/**
 * The story an article belongs to: the same canonical URL, or a text whose
 * fingerprint is within a few bits of one seen in the window (the same wire
 * story under another URL). A new story takes the article's own id.
 */
export async function resolveStory(
  redis: RedisClient,
  args: { articleId: string; fingerprint?: string; now?: number; windowMs?: number },
): Promise<{ storyId: string; duplicateOf?: 'url' | 'text' }> {
  const now = args.now ?? Date.now();
  const windowMs = args.windowMs ?? STORY_WINDOW_MS;
  const known = await redis.get(urlKey(args.articleId));
  if (known) return { storyId: known, duplicateOf: known === args.articleId ? undefined : 'url' };

  let storyId = args.articleId;
  let duplicateOf: 'text' | undefined;
  const bands = args.fingerprint ? fingerprintBands(args.fingerprint) : [];
  if (args.fingerprint && bands.length > 0) {
    const pipeline = redis.pipeline();
    bands.forEach((band, i) => pipeline.zrangebyscore(bandKey(i, band), now - windowMs, '+inf'));
    const candidates = new Set<string>();
    for (const [err, ids] of (await pipeline.exec()) ?? []) {
      if (err) throw err;
      for (const id of ids as string[]) candidates.add(id);
    }
    const ids = [...candidates];
    const fingerprints = ids.length > 0 ? await redis.mget(ids.map(fpKey)) : [];
    const match = ids.findIndex((_, i) => {
      const fp = fingerprints[i];
      return fp !== null && fp !== undefined && isNearDuplicate(fp, args.fingerprint!);
    });
    if (match >= 0) {
      storyId = ids[match]!;
      duplicateOf = 'text';
    }
  }

  const ttlMs = windowMs;
  const multi = redis.multi();
  multi.set(urlKey(args.articleId), storyId, 'PX', ttlMs);
  if (args.fingerprint && storyId === args.articleId) {
    multi.set(fpKey(storyId), args.fingerprint, 'PX', ttlMs);
    bands.forEach((band, i) => {
      multi.zadd(bandKey(i, band), now, storyId);
      multi.zremrangebyscore(bandKey(i, band), '-inf', now - windowMs);
      multi.pexpire(bandKey(i, band), ttlMs);
    });
  }
  await multi.exec();
  return { storyId, duplicateOf };
}

/** Entity ids of this story already alerted to this watchlist. */
export async function alertedEntities(redis: RedisClient, storyId: string, watchlistId: string): Promise<Set<string>> {
  return new Set(await redis.smembers(alertedKey(storyId, watchlistId)));
}

/** Records entities as alerted; called after the alert jobs are queued. */
export async function recordAlertedEntities(redis: RedisClient, storyId: string, watchlistId: string, entityIds: string[]): Promise<void> {
  if (entityIds.length === 0) return;
  await redis.multi().sadd(alertedKey(storyId, watchlistId), ...entityIds).pexpire(alertedKey(storyId, watchlistId), STORY_WINDOW_MS).exec();
}

/** Delivered alert ids, so an alert re-queued after its job was cleaned up is not sent twice. */
export async function wasDelivered(redis: RedisClient, alertId: string): Promise<boolean> {
  return (await redis.exists(keys.alertDelivered(alertId))) === 1;
}

export async function markDelivered(redis: RedisClient, alertId: string): Promise<void> {
  await redis.set(keys.alertDelivered(alertId), String(Date.now()), 'PX', 30 * DAY_MS);
}
