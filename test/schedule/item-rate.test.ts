import { describe, expect, it } from 'vitest';
import { itemRate } from '../../src/schedule/item-rate.js';
import { DAILY, DAY, DORMANT, HOUR, MIN, NOW, WIRE, regular } from './histories.js';

describe('itemRate', () => {
  it('counts 7 items in the last week as one a day', () => {
    expect(itemRate(DAILY, NOW)).toEqual({ itemsPerDay: 1, sample: 7, spanMs: 7 * DAY });
  });

  it('measures a truncated list over the span it shows', () => {
    // Only the last 7 daily items, nothing older: 6 gaps over 6 days and 3 hours.
    const rate = itemRate(DAILY.slice(0, 7), NOW);
    expect(rate.itemsPerDay).toBeCloseTo(6 / (6 + 3 / 24), 6);
    expect(rate.spanMs).toBe(6 * DAY + 3 * HOUR);
  });

  it('sees a 500-item wire feed post every 3 minutes, not 500 a week', () => {
    const rate = itemRate(WIRE, NOW);
    expect(rate.itemsPerDay).toBeGreaterThan(480 * 0.95);
    expect(rate.itemsPerDay).toBeLessThan(480 * 1.05);
    expect(rate.sample).toBe(500);
  });

  it('reads a feed whose items are all older than the window as silent', () => {
    expect(itemRate(DORMANT, NOW)).toEqual({ itemsPerDay: 0, sample: 0, spanMs: 7 * DAY });
  });

  it('reports no history without usable times, or with too few recent ones', () => {
    for (const times of [[], [Number.NaN, Number.POSITIVE_INFINITY], [NOW - HOUR], [NOW - HOUR, NOW - 2 * HOUR], [NOW + 30 * DAY]]) {
      expect(itemRate(times, NOW)).toEqual({ itemsPerDay: 0, sample: 0, spanMs: 0 });
    }
  });

  it('ignores duplicates: the same history twice is the same rate', () => {
    expect(itemRate([...DAILY, ...DAILY], NOW)).toEqual(itemRate(DAILY, NOW));
  });

  it('counts a batch published in the same minute as one event', () => {
    const batch = Array.from({ length: 40 }, (_, i) => NOW - 2 * DAY - i * 1000);
    expect(itemRate([...DAILY, ...batch], NOW).sample).toBe(8);
  });

  it('ignores items dated far in the future and counts slightly future ones as now', () => {
    const farFuture = regular(30, MIN, -10 * DAY);
    expect(itemRate([...DAILY, ...farFuture], NOW)).toEqual(itemRate(DAILY, NOW));
    // Five hours ahead (a time-zone slip) is "just published".
    const slipped = itemRate([...DAILY.slice(1), NOW + 5 * HOUR], NOW);
    expect(slipped.itemsPerDay).toBe(1);
  });

  it('lets one burst fade: fifty items two days ago is not a wire feed', () => {
    const burst = regular(50, 15_000, 2 * DAY);
    const rate = itemRate([...DORMANT, ...burst], NOW);
    // Without the silence cap and coalescing this would be 50/7 a day.
    expect(rate.itemsPerDay).toBeLessThanOrEqual(1.5 + 1e-9);
    // A feed that only ever showed such a burst reads the same way.
    expect(itemRate(burst, NOW).itemsPerDay).toBeLessThanOrEqual(1.5 + 1e-9);
  });

  it('lets a feed that stopped decay before its items leave the window', () => {
    const stoppedFor = (days: number) => itemRate(regular(60, 2 * HOUR, days * DAY), NOW).itemsPerDay;
    expect(stoppedFor(0.5)).toBeGreaterThan(stoppedFor(2));
    expect(stoppedFor(2)).toBeGreaterThan(stoppedFor(5));
    expect(stoppedFor(5)).toBeLessThanOrEqual(3 / 5 + 1e-9);
  });

  it('honours a custom window', () => {
    expect(itemRate(DAILY, NOW, DAY).itemsPerDay).toBe(1);
  });
});
