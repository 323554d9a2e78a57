import { RetryLaterError } from './errors.js';


/** Article fetches: exponential from 30 s with jitter, or the site's Retry-After when longer (capped at 6 h). */
export function articleBackoff(attemptsMade: number, _type?: string, err?: Error): number {
  const base = 30_000 * 2 ** Math.max(0, attemptsMade - 1);
  const jittered = base / 2 + Math.random() * (base / 2);
  const wished = err instanceof RetryLaterError && err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, 6 * 3600_000) : 0;
  return Math.max(jittered, wished);
}
