import type { RedisClient } from '../redis/connect.js';
import { windowKey, type DigestWindow } from '../../src/alert/digest-window.js';
import type { AlertData } from '../../src/alert/types.js';
import { keys } from './keys.js';

/**
 * The alerts waiting for a digest, per target and window (layer 8 of the
 * table in keys.ts).
 *
 * An alert is added to its window's hash only while the window is not sealed;
 * the digest job seals the window and reads the hash in one transaction. So
 * every alert either made it into the snapshot the digest sends, or was
 * refused and goes into the next window: none is lost between the read and
 * the send, none is sent in two digests. A retry of the digest reads the same
 * sealed hash, so it sends the same body under the same id.
 */

/** As long as a delivered alert id is remembered: a dead-lettered digest can be retried for a month. */
export const DIGEST_KEEP_MS = 30 * 24 * 3600 * 1000;

export interface GatheredAlert {
  alertId: string;
  data: AlertData;
  queuedAt: number;
}

// KEYS[1] the window's hash, KEYS[2] its sealed flag; ARGV: alert id, entry, ttl ms.
const GATHER = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** Adds an alert to a window; false when the window was already sent (the caller tries the next). */
export async function gatherAlert(redis: RedisClient, webhookId: string, window: DigestWindow, alert: GatheredAlert): Promise<boolean> {
  const key = windowKey(window.start);
  const entry = JSON.stringify({ data: alert.data, queuedAt: alert.queuedAt });
  const added = await redis.eval(GATHER, 2, keys.digestAlerts(webhookId, key), keys.digestSealed(webhookId, key), alert.alertId, entry, String(DIGEST_KEEP_MS));
  return added === 1;
}

/** Seals the window (no alert joins it after this) and returns its alerts, oldest first. */
export async function sealDigest(redis: RedisClient, webhookId: string, window: DigestWindow): Promise<GatheredAlert[]> {
  const key = windowKey(window.start);
  const alertsKey = keys.digestAlerts(webhookId, key);
  const replies = await redis
    .multi()
    .set(keys.digestSealed(webhookId, key), String(Date.now()), 'PX', DIGEST_KEEP_MS)
    .hgetall(alertsKey)
    .pexpire(alertsKey, DIGEST_KEEP_MS)
    .exec();
  const [, read] = replies ?? [];
  if (!read || read[0]) throw read?.[0] ?? new Error('digests: the window could not be read');
  const hash = read[1] as Record<string, string>;
  return Object.entries(hash)
    .map(([alertId, raw]) => {
      const { data, queuedAt } = JSON.parse(raw) as { data: AlertData; queuedAt: number };
      return { alertId, data, queuedAt };
    })
    .sort((a, b) => a.queuedAt - b.queuedAt || a.alertId.localeCompare(b.alertId));
}
