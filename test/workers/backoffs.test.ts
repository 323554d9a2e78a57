import { describe, expect, it } from 'vitest';
import { baseDelayMs } from '../../src/alert/backoff.js';
import type { RetryPolicy } from '../../src/config/types.js';
import { ARTICLE_RETRY, articleBackoff, webhookBackoff } from '../../workers/processors/backoffs.js';
import { RetryLaterError } from '../../workers/processors/errors.js';

const HOUR = 3_600_000;
const FAST: RetryPolicy = { attempts: 5, initialDelayMs: 1_000, maxDelayMs: 8_000 };

/** Within the ±20 % jitter of the nominal delay. */
function expectJittered(actual: number, nominal: number): void {
  expect(actual).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8));
  expect(actual).toBeLessThanOrEqual(Math.ceil(nominal * 1.2));
}

describe('articleBackoff', () => {
  it('doubles from 30 s with jitter, capped at an hour', () => {
    for (const made of [1, 2, 3, 4, 10, 50]) {
      expectJittered(articleBackoff(made), baseDelayMs(made, ARTICLE_RETRY));
    }
    expect(baseDelayMs(1, ARTICLE_RETRY)).toBe(30_000);
    for (let i = 0; i < 50; i++) expect(articleBackoff(50)).toBeLessThanOrEqual(HOUR);
  });

  it("takes the site's Retry-After at its word", () => {
    expect(articleBackoff(1, 'article', new RetryLaterError('fetch: 429', 120_000))).toBe(120_000);
    expect(articleBackoff(4, 'article', new RetryLaterError('fetch: 503', 5_000))).toBe(5_000);
  });

  it('waits at least a second, even when told "retry now"', () => {
    expect(articleBackoff(1, 'article', new RetryLaterError('fetch: 429', 0))).toBe(1_000);
  });

  it('falls back to the backoff for a Retry-After over six hours, or none', () => {
    expectJittered(articleBackoff(2, 'article', new RetryLaterError('fetch: 503', 7 * HOUR)), 60_000);
    expectJittered(articleBackoff(2, 'article', new RetryLaterError('fetch: 503')), 60_000);
    expect(articleBackoff(1, 'article', new RetryLaterError('fetch: 503', 6 * HOUR))).toBe(6 * HOUR);
  });

  it('ignores a retryAfterMs on an error that is not a RetryLaterError', () => {
    const other = Object.assign(new Error('fetch: network error'), { retryAfterMs: 1 });
    expectJittered(articleBackoff(1, 'article', other), 30_000);
  });
});

describe('webhookBackoff', () => {
  const backoff = webhookBackoff((id) => (id === 'fast' ? FAST : undefined));

  it("uses the job's webhook's own retry policy", () => {
    for (const made of [1, 2, 3, 4, 8]) {
      expectJittered(backoff(made, 'webhook', undefined, { data: { webhookId: 'fast' } }), baseDelayMs(made, FAST));
    }
  });

  it('falls back to the default policy (10 s doubling, 2 h cap) for a webhook gone from the config', () => {
    expectJittered(backoff(1, 'webhook', undefined, { data: { webhookId: 'removed' } }), 10_000);
    expectJittered(backoff(3, 'webhook', undefined, {}), 40_000);
    expectJittered(backoff(30, 'webhook'), 2 * HOUR);
  });

  it("takes the receiver's Retry-After over the policy", () => {
    expect(backoff(1, 'webhook', new RetryLaterError('deliver: 429', 42_000), { data: { webhookId: 'fast' } })).toBe(42_000);
  });
});
