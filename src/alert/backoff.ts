import type { RetryPolicy } from '../config/types.js';

/** ±20 % around the nominal delay. */
const JITTER = 0.2;

/** The nominal (un-jittered) delay after `attemptsMade` attempts: doubling from initialDelayMs, capped. */
export function baseDelayMs(attemptsMade: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, Math.floor(attemptsMade) - 1);
  // 2 ** exponent reaches Infinity long after the cap applies, and min() handles that.
  return Math.min(policy.initialDelayMs * 2 ** exponent, policy.maxDelayMs);
}

/**
 * Delay before the next delivery attempt, after `attemptsMade` attempts
 * (1 = the first attempt failed). Jitter is proportional and symmetric: the
 * nominal delay times a factor uniform in [0.8, 1.2], then clamped to
 * maxDelayMs, which stays a hard cap. Symmetric jitter keeps the mean near
 * the nominal schedule (so the retry window is predictable) while retries of
 * many alerts to one receiver still spread out, also once delays hit the cap.
 */
export function retryDelayMs(attemptsMade: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1);
  const jittered = baseDelayMs(attemptsMade, policy) * (1 - JITTER + 2 * JITTER * r);
  return Math.round(Math.min(jittered, policy.maxDelayMs));
}

/** Mean of min(cap, nominal · U(1 − JITTER, 1 + JITTER)). */
function meanDelayMs(nominal: number, cap: number): number {
  const lo = nominal * (1 - JITTER);
  const hi = nominal * (1 + JITTER);
  if (hi <= cap) return nominal;
  if (lo >= cap) return cap;
  // Part of the range lies below the cap (uniform), the rest is clamped to it.
  return ((cap * cap - lo * lo) / 2 + cap * (hi - cap)) / (hi - lo);
}

/**
 * How long an alert keeps being retried, on average: the expected sum of the
 * waits between `attempts` attempts. Every actual window lies within ±20 % of it.
 */
export function expectedRetryWindowMs(policy: RetryPolicy): number {
  let total = 0;
  for (let made = 1; made < policy.attempts; made++) total += meanDelayMs(baseDelayMs(made, policy), policy.maxDelayMs);
  return total;
}
