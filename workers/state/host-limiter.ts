import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/connect.js';
import { keys } from './keys.js';

export interface HostLimits {
  /** Requests in flight to one host at once, across every worker process. */
  maxConcurrent: number;
  /** Smallest gap between two request starts to one host. */
  gapMs: number;
  /** A lease not released by then (a crashed worker) frees itself. */
  leaseMs: number;
}

export const DEFAULT_HOST_LIMITS: HostLimits = { maxConcurrent: 2, gapMs: 250, leaseMs: 60_000 };

/*
 * One atomic step, on Redis's clock so that processes with skewed clocks
 * agree: drop expired leases, then take a lease if fewer than the limit are
 * held and the gap since the last start has passed. Returns 0 when taken,
 * else how many ms to wait before trying again.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local maxConcurrent = tonumber(ARGV[1])
local gap = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= maxConcurrent then
  return math.max(gap, 50)
end
local nextAt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nextAt then
  return nextAt - now
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
redis.call('PEXPIRE', KEYS[1], lease)
if gap > 0 then
  redis.call('SET', KEYS[2], now + gap, 'PX', gap)
end
return 0
`;

type LimiterRedis = RedisClient & {
  newswatchAcquireHost(leases: string, next: string, max: number, gap: number, lease: number, token: string): Promise<number>;
};

function withCommand(redis: RedisClient): LimiterRedis {
  const r = redis as LimiterRedis;
  if (typeof r.newswatchAcquireHost !== 'function') {
    redis.defineCommand('newswatchAcquireHost', { numberOfKeys: 2, lua: ACQUIRE });
  }
  return r;
}

const hostKeys = (host: string) => [keys.hostLeases(host), keys.hostNext(host)] as const;

export interface HostLease {
  release(): Promise<void>;
}

/**
 * Waits for a request slot on `host`, at most `maxWaitMs`. Returns undefined
 * when none came free in time, so the caller can put its job back in the queue
 * rather than hold a worker slot idle.
 */
export async function acquireHostSlot(
  redis: RedisClient,
  host: string,
  limits: HostLimits = DEFAULT_HOST_LIMITS,
  maxWaitMs = 10_000,
): Promise<HostLease | undefined> {
  const r = withCommand(redis);
  const [leasesKey, nextKey] = hostKeys(host.toLowerCase());
  const token = randomUUID();
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const wait = await r.newswatchAcquireHost(leasesKey, nextKey, limits.maxConcurrent, limits.gapMs, limits.leaseMs, token);
    if (wait === 0) {
      return { release: async () => void (await redis.zrem(leasesKey, token)) };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return undefined;
    await new Promise((resolve) => setTimeout(resolve, Math.min(wait, remaining, 1000)));
  }
}
