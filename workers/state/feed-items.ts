import type { RedisClient } from '../redis/connect.js';
import { keys } from './keys.js';
import { DAY_MS } from '../../src/time/units.js';

/** Item times kept per feed for its pace: about two windows of the rate estimate. */
const KEEP_MS = 14 * DAY_MS;
const KEEP_COUNT = 1000;

const key = keys.feedItems;

/**
 * Records when each item of the feed was published (first seen, for undated
 * items). Only the first time counts: an item re-dated by its publisher does
 * not look like a new one.
 */
export async function recordItemTimes(redis: RedisClient, feedId: string, items: Array<{ key: string; time: number }>, now = Date.now()): Promise<void> {
  if (items.length === 0) return;
  const args: Array<string | number> = [];
  for (const i of items) args.push(i.time, i.key);
  await redis
    .multi()
    .zadd(key(feedId), 'NX', ...args)
    .zremrangebyscore(key(feedId), '-inf', now - KEEP_MS)
    .zremrangebyrank(key(feedId), 0, String(-KEEP_COUNT - 1))
    .exec();
}

export async function readItemTimes(redis: RedisClient, feedId: string): Promise<number[]> {
  const flat = await redis.zrange(key(feedId), '0', '-1', 'WITHSCORES');
  const times: number[] = [];
  for (let i = 1; i < flat.length; i += 2) times.push(Number(flat[i]));
  return times;
}
