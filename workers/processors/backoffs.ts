import { retryDelayMs } from '../../src/alert/backoff.js';
import type { RetryPolicy } from '../../src/config/types.js';
import { RetryLaterError } from './errors.js';
import { HOUR_MS } from '../../src/time/units.js';

/** The backoff type of alert and digest jobs (the deliver-alert worker's strategy reads the target's policy). */
export const WEBHOOK_BACKOFF = 'webhook';

/** Longest Retry-After we take at its word; beyond it the normal backoff applies. */
const MAX_RETRY_AFTER_MS = 6 * HOUR_MS;
const MIN_RETRY_MS = 1_000;

/**
 * The other side's Retry-After when it gave one (it knows when it can take
 * the request again: waiting longer only delays the news), else `fallback`.
 */
function honourRetryAfter(err: Error | undefined, fallback: () => number): number {
  if (err instanceof RetryLaterError && err.retryAfterMs !== undefined && err.retryAfterMs <= MAX_RETRY_AFTER_MS) {
    return Math.max(err.retryAfterMs, MIN_RETRY_MS);
  }
  return fallback();
}

/** Article fetches: exponential from 30 s with jitter (half to full), or the site's Retry-After. */
export const ARTICLE_RETRY: RetryPolicy = { attempts: 5, initialDelayMs: 30_000, maxDelayMs: HOUR_MS };

export function articleBackoff(attemptsMade: number, _type?: string, err?: Error): number {
  return honourRetryAfter(err, () => retryDelayMs(attemptsMade, ARTICLE_RETRY));
}

/** Alert deliveries: the webhook's own policy, or the receiver's Retry-After. */
export function webhookBackoff(policyOf: (webhookId: string) => RetryPolicy | undefined) {
  return (attemptsMade: number, _type?: string, err?: Error, job?: { data?: { webhookId?: string } }): number => {
    const policy = (job?.data?.webhookId && policyOf(job.data.webhookId)) || { attempts: 20, initialDelayMs: 10_000, maxDelayMs: 2 * HOUR_MS };
    return honourRetryAfter(err, () => retryDelayMs(attemptsMade, policy));
  };
}
