import { describe, expect, it } from 'vitest';
import { nextPollDelay } from '../../src/schedule/next-poll.js';

const MIN = 60_000;

describe('nextPollDelay', () => {
  it('backs off exponentially from the base up to the ceiling', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 40].map((failures) => nextPollDelay({ failures, baseMs: 5 * MIN, maxMs: 360 * MIN }));
    expect(delays.map((d) => d / MIN)).toEqual([5, 10, 20, 40, 80, 160, 320, 360]);
  });

  it('honours Retry-After up to the ceiling, never below the base', () => {
    expect(nextPollDelay({ failures: 1, baseMs: 5 * MIN, maxMs: 360 * MIN, retryAfterMs: 30 * MIN })).toBe(30 * MIN);
    expect(nextPollDelay({ failures: 1, baseMs: 5 * MIN, maxMs: 360 * MIN, retryAfterMs: 1000 * MIN })).toBe(360 * MIN);
    expect(nextPollDelay({ failures: 1, baseMs: 5 * MIN, maxMs: 360 * MIN, retryAfterMs: 1000 })).toBe(5 * MIN);
  });
});
