import { describe, expect, it } from 'vitest';
import { baseDelayMs, expectedRetryWindowMs, retryDelayMs } from '../../src/alert/backoff.js';
import type { RetryPolicy } from '../../src/config/types.js';

const HOUR = 3_600_000;
const DEFAULT_POLICY: RetryPolicy = { attempts: 20, initialDelayMs: 10_000, maxDelayMs: 2 * HOUR };

describe('retryDelayMs', () => {
  it.each([
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [10, 5_120_000],
    [11, 2 * HOUR],
    [19, 2 * HOUR],
    [500, 2 * HOUR],
  ])('after %i attempts the nominal delay is %i ms', (made, nominal) => {
    expect(baseDelayMs(made, DEFAULT_POLICY)).toBe(nominal);
    expect(retryDelayMs(made, DEFAULT_POLICY, () => 0.5)).toBe(nominal);
  });

  it('jitters within ±20 % of the nominal delay', () => {
    expect(retryDelayMs(3, DEFAULT_POLICY, () => 0)).toBe(32_000);
    expect(retryDelayMs(3, DEFAULT_POLICY, () => 0.999999)).toBeCloseTo(48_000, -1);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(4, DEFAULT_POLICY);
      expect(d).toBeGreaterThanOrEqual(64_000);
      expect(d).toBeLessThanOrEqual(96_000);
    }
  });

  it('never exceeds maxDelayMs, and still spreads delays at the cap', () => {
    expect(retryDelayMs(15, DEFAULT_POLICY, () => 1)).toBe(2 * HOUR);
    expect(retryDelayMs(15, DEFAULT_POLICY, () => 0)).toBe(0.8 * 2 * HOUR);
    // Just below the cap, upward jitter is clamped to it.
    expect(retryDelayMs(10, DEFAULT_POLICY, () => 1)).toBe(6_144_000);
    expect(retryDelayMs(10, { ...DEFAULT_POLICY, maxDelayMs: 6_000_000 }, () => 1)).toBe(6_000_000);
  });

  it('treats a random() outside [0, 1] as its bound', () => {
    expect(retryDelayMs(1, DEFAULT_POLICY, () => -3)).toBe(8_000);
    expect(retryDelayMs(1, DEFAULT_POLICY, () => 7)).toBe(12_000);
  });
});

describe('expectedRetryWindowMs', () => {
  it('spans about a day for the default policy (20 attempts, 10 s, 2 h cap)', () => {
    const window = expectedRetryWindowMs(DEFAULT_POLICY);
    expect(window).toBeGreaterThan(18 * HOUR);
    expect(window).toBeLessThan(36 * HOUR);
  });

  it('matches the mean of many jittered schedules', () => {
    let total = 0;
    const runs = 2_000;
    for (let run = 0; run < runs; run++) {
      for (let made = 1; made < DEFAULT_POLICY.attempts; made++) total += retryDelayMs(made, DEFAULT_POLICY);
    }
    expect(total / runs / expectedRetryWindowMs(DEFAULT_POLICY)).toBeCloseTo(1, 2);
  });

  it('is zero for a single attempt and the plain sum without capping', () => {
    expect(expectedRetryWindowMs({ attempts: 1, initialDelayMs: 1000, maxDelayMs: 10_000 })).toBe(0);
    expect(expectedRetryWindowMs({ attempts: 4, initialDelayMs: 1000, maxDelayMs: 1_000_000 })).toBe(7000);
  });
});
