import { describe, expect, it } from 'vitest';
import { schedulerOffsetMs } from '../../workers/runtime/schedules.js';
import { doublePolledSlots } from './slots.js';

const EVERY = 10_000;
const FEED = 'feed-for-slots';
const offset = schedulerOffsetMs(FEED, EVERY);
/** The start of slot k of FEED's grid, near 2026-11-26. */
const slot = (k: number) => Math.floor(Date.UTC(2026, 10, 26) / EVERY) * EVERY + offset + k * EVERY;

describe('doublePolledSlots', () => {
  it('finds none when each slot was polled once, late or not', () => {
    expect(offset).toBeGreaterThan(0);
    expect(doublePolledSlots([slot(0) + 20, slot(1) + 6_000, slot(2) + 30], FEED, EVERY)).toEqual(new Map());
  });

  it('finds a slot polled twice, even when the two fetches are far apart inside it', () => {
    const doubles = doublePolledSlots([slot(0) + 20, slot(1) + 10, slot(1) + 9_000, slot(2) + 5], FEED, EVERY);
    expect([...doubles.values()]).toEqual([2]);
  });

  it('finds two fetches a moment apart as a double poll', () => {
    expect(doublePolledSlots([slot(3) + 100, slot(3) + 150], FEED, EVERY).size).toBe(1);
  });
});
