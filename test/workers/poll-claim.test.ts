import { describe, expect, it } from 'vitest';
import { pollClaimHoldMs, schedulerOffsetMs } from '../../workers/runtime/schedules.js';

/*
 * The once-per-interval poll claim, on the scheduler's grid (slots start at
 * the feed's offset plus multiples of its period). A poll that waited for its
 * host into the next slot must keep that slot's own job out, or the feed is
 * fetched twice in one slot (test/ops/scale-out saw it on a loaded machine).
 */
const FEED = 'feed-0a1b2c3d';
const PERIOD = 10_000;
const offset = schedulerOffsetMs(FEED, PERIOD);
/** The start of slot `n` on this feed's grid. */
const slot = (n: number) => n * PERIOD + offset;
const K = 179_619_471;

describe('pollClaimHoldMs', () => {
  it('holds a poll early in its slot until just before the next slot starts', () => {
    const now = slot(K) + 200;
    const until = now + pollClaimHoldMs(FEED, PERIOD, now);
    expect(until).toBeLessThan(slot(K + 1));
    expect(until).toBeGreaterThanOrEqual(slot(K + 1) - 1000);
  });

  it('keeps out the slot’s own job when the previous slot’s poll ran late into it', () => {
    // Slot K's poll waited for its host until 300 ms into slot K + 1; slot K + 1's job, put back for the same busy host, comes 6 s in.
    const latePoll = slot(K + 1) + 300;
    const ownJob = slot(K + 1) + 6_000;
    expect(latePoll + pollClaimHoldMs(FEED, PERIOD, latePoll)).toBeGreaterThan(ownJob);
  });

  it('holds at least half a period, as before, for a poll late in its slot', () => {
    expect(pollClaimHoldMs(FEED, PERIOD, slot(K) + 9_000)).toBe(PERIOD / 2);
  });

  it('works on the grid of a period that is not whole seconds, and for times before the offset', () => {
    const hold = pollClaimHoldMs(FEED, 2_400, 5);
    expect(hold).toBeGreaterThanOrEqual(1_200);
    expect(hold).toBeLessThanOrEqual(2_000);
  });
});
