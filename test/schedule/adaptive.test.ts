import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planNextPoll, type PollPlanInput } from '../../src/schedule/adaptive.js';
import { DAILY, DAY, DORMANT, HOUR, MIN, NOW, WIRE, regular } from './histories.js';

const http = (ms: number) => new Date(ms).toUTCString();

/** auto with floor 1m, ceiling 6h, a successful poll of a feed posting once a day. */
function auto(over: Partial<PollPlanInput> = {}): PollPlanInput {
  return {
    interval: { kind: 'auto' },
    minIntervalMs: MIN,
    maxIntervalMs: 6 * HOUR,
    now: NOW,
    itemTimes: DAILY,
    outcome: 'changed',
    failures: 0,
    ...over,
  };
}
const fixed = (over: Partial<PollPlanInput> = {}) => auto({ interval: { kind: 'fixed', ms: 5 * MIN }, ...over });

describe('planNextPoll, auto: the item rate', () => {
  it('polls a feed with 7 items in the last week about hourly', () => {
    const plan = planNextPoll(auto());
    expect(plan.reason).toBe('item-rate');
    expect(plan.itemsPerDay).toBe(1);
    expect(plan.delayMs).toBeGreaterThanOrEqual(0.8 * HOUR);
    expect(plan.delayMs).toBeLessThanOrEqual(1.2 * HOUR);
  });

  it('polls about hourly when the feed lists only those 7 items', () => {
    const { delayMs } = planNextPoll(auto({ itemTimes: DAILY.slice(0, 7) }));
    expect(delayMs).toBeGreaterThanOrEqual(0.8 * HOUR);
    expect(delayMs).toBeLessThanOrEqual(1.2 * HOUR);
  });

  it('scales with the rate: 4 a day every 15 minutes, 20 a day every 3', () => {
    const fourADay = [...regular(28, 6 * HOUR, HOUR), ...DORMANT];
    expect(planNextPoll(auto({ itemTimes: fourADay })).delayMs).toBe(15 * MIN);
    const twentyADay = [...regular(140, 72 * MIN, 10 * MIN), ...DORMANT];
    expect(planNextPoll(auto({ itemTimes: twentyADay })).delayMs).toBe(3 * MIN);
  });

  it('polls a feed posting every 3 minutes at the floor', () => {
    expect(planNextPoll(auto({ itemTimes: WIRE }))).toMatchObject({ delayMs: MIN, reason: 'floor' });
    expect(planNextPoll(auto({ itemTimes: WIRE, minIntervalMs: 2 * MIN })).delayMs).toBe(2 * MIN);
  });

  it('polls a silent feed at the ceiling', () => {
    expect(planNextPoll(auto({ itemTimes: DORMANT }))).toEqual({ delayMs: 6 * HOUR, reason: 'ceiling', itemsPerDay: 0 });
    // Weekly posts want 7 h: the ceiling cuts them.
    expect(planNextPoll(auto({ itemTimes: regular(10, 7 * DAY, DAY) }))).toMatchObject({ delayMs: 6 * HOUR, reason: 'ceiling' });
  });

  it('does not poll a feed with one burst like a wire feed', () => {
    const burst = [...regular(50, 15_000, 2 * DAY), ...DORMANT];
    const plan = planNextPoll(auto({ itemTimes: burst }));
    expect(plan.reason).toBe('item-rate');
    expect(plan.delayMs).toBeGreaterThanOrEqual(40 * MIN);
  });

  it('polls a bursty feed (20 items each morning within an hour) by its daily count', () => {
    const mornings = Array.from({ length: 10 }, (_, day) => regular(20, 3 * MIN, day * DAY + 2 * HOUR)).flat();
    const { delayMs } = planNextPoll(auto({ itemTimes: mornings }));
    expect(delayMs).toBeGreaterThanOrEqual(2.5 * MIN);
    expect(delayMs).toBeLessThanOrEqual(3.5 * MIN);
  });

  it('polls a feed without a usable history every 30 minutes, within the bounds', () => {
    expect(planNextPoll(auto({ itemTimes: [] }))).toEqual({ delayMs: 30 * MIN, reason: 'no-history' });
    expect(planNextPoll(auto({ itemTimes: [NOW - MIN] }))).toEqual({ delayMs: 30 * MIN, reason: 'no-history' });
    expect(planNextPoll(auto({ itemTimes: [], minIntervalMs: HOUR }))).toEqual({ delayMs: HOUR, reason: 'floor' });
  });

  it('plans a not-modified poll like a changed one', () => {
    expect(planNextPoll(auto({ outcome: 'not-modified' }))).toEqual(planNextPoll(auto()));
  });
});

describe('planNextPoll, auto: publisher hints lengthen, never shorten, and stay in bounds', () => {
  it('honours <ttl>', () => {
    expect(planNextPoll(auto({ ttlMinutes: 120 }))).toMatchObject({ delayMs: 2 * HOUR, reason: 'ttl' });
    expect(planNextPoll(auto({ ttlMinutes: 30 }))).toMatchObject({ delayMs: HOUR, reason: 'item-rate' });
    expect(planNextPoll(auto({ ttlMinutes: 60, itemTimes: WIRE }))).toMatchObject({ delayMs: HOUR, reason: 'ttl' });
    expect(planNextPoll(auto({ ttlMinutes: 24 * 60 }))).toMatchObject({ delayMs: 6 * HOUR, reason: 'ceiling' });
  });

  it('honours Cache-Control max-age, less the Age already spent', () => {
    const cc = (headers: Record<string, string>) => planNextPoll(auto({ headers, outcome: 'not-modified' }));
    expect(cc({ 'cache-control': 'max-age=7200' })).toMatchObject({ delayMs: 2 * HOUR, reason: 'cache-control' });
    expect(cc({ 'cache-control': 'max-age=10800', age: '3600' })).toMatchObject({ delayMs: 2 * HOUR, reason: 'cache-control' });
    expect(cc({ 'cache-control': 'max-age=600' })).toMatchObject({ delayMs: HOUR, reason: 'item-rate' });
    expect(cc({ 'cache-control': 'no-cache, no-store' })).toMatchObject({ delayMs: HOUR, reason: 'item-rate' });
    expect(cc({ 'cache-control': 'max-age=86400' })).toMatchObject({ delayMs: 6 * HOUR, reason: 'ceiling' });
    expect(planNextPoll(auto({ itemTimes: WIRE, headers: { 'cache-control': 'max-age=300' } }))).toMatchObject({
      delayMs: 5 * MIN,
      reason: 'cache-control',
    });
  });

  it('honours Expires, against the Date header when there is one', () => {
    const skewed = NOW - 5 * HOUR;
    expect(planNextPoll(auto({ headers: { expires: http(NOW + 3 * HOUR) } }))).toMatchObject({ delayMs: 3 * HOUR, reason: 'expires' });
    expect(planNextPoll(auto({ headers: { date: http(skewed), expires: http(skewed + 3 * HOUR) } }))).toMatchObject({
      delayMs: 3 * HOUR,
      reason: 'expires',
    });
    expect(planNextPoll(auto({ headers: { expires: '-1' } }))).toMatchObject({ delayMs: HOUR, reason: 'item-rate' });
    expect(planNextPoll(auto({ headers: { expires: http(NOW + 2 * DAY) } }))).toMatchObject({ delayMs: 6 * HOUR, reason: 'ceiling' });
  });

  it('ignores the cache headers of an error response', () => {
    const plan = planNextPoll(auto({ outcome: 'error', failures: 1, status: 500, headers: { 'cache-control': 'max-age=7200' } }));
    expect(plan).toMatchObject({ delayMs: HOUR, reason: 'failure-backoff' });
  });
});

describe('planNextPoll: Retry-After on 429 and 503', () => {
  const limited = (status: number, retryAfter: string, over: Partial<PollPlanInput> = {}) =>
    planNextPoll(auto({ outcome: 'error', failures: 1, status, headers: { 'retry-after': retryAfter }, ...over }));

  it('waits at least what it asks, in seconds or as an HTTP-date', () => {
    expect(limited(429, '7200')).toMatchObject({ delayMs: 2 * HOUR, reason: 'retry-after' });
    expect(limited(503, http(NOW + 3 * HOUR))).toMatchObject({ delayMs: 3 * HOUR, reason: 'retry-after' });
    const skewed = NOW + 2 * DAY;
    expect(limited(503, http(skewed + 2 * HOUR), { headers: { date: http(skewed), 'retry-after': http(skewed + 2 * HOUR) } })).toMatchObject({
      delayMs: 2 * HOUR,
    });
  });

  it('never shortens the backoff, never passes the ceiling, and needs a 429 or 503', () => {
    expect(limited(429, '60')).toMatchObject({ delayMs: HOUR, reason: 'failure-backoff' });
    expect(limited(429, '86400')).toMatchObject({ delayMs: 6 * HOUR, reason: 'retry-after' });
    expect(limited(500, '7200')).toMatchObject({ delayMs: HOUR, reason: 'failure-backoff' });
    expect(limited(429, 'soon')).toMatchObject({ delayMs: HOUR, reason: 'failure-backoff' });
  });

  it('applies to fixed intervals too', () => {
    const plan = planNextPoll(fixed({ outcome: 'error', failures: 1, status: 429, headers: { 'retry-after': '1800' } }));
    expect(plan).toEqual({ delayMs: 30 * MIN, reason: 'retry-after' });
  });
});

describe('planNextPoll: failures back off and recover', () => {
  it('doubles from the feed’s own pace up to the ceiling, then recovers at once', () => {
    const sequence = [1, 2, 3, 4, 5, 30, 1000].map((failures) => planNextPoll(auto({ outcome: 'error', failures })));
    expect(sequence.map((p) => p.delayMs / MIN)).toEqual([60, 120, 240, 360, 360, 360, 360]);
    expect(sequence.every((p) => p.reason === 'failure-backoff')).toBe(true);
    expect(planNextPoll(auto({ outcome: 'changed', failures: 5 }))).toMatchObject({ delayMs: HOUR, reason: 'item-rate' });
  });

  it('starts a fast feed’s backoff at the floor', () => {
    const delays = [1, 2, 3, 9, 10].map((failures) => planNextPoll(auto({ itemTimes: WIRE, outcome: 'error', failures })).delayMs / MIN);
    expect(delays).toEqual([1, 2, 4, 256, 360]);
  });

  it('treats an error reported with no failure count as the first', () => {
    expect(planNextPoll(auto({ outcome: 'error', failures: 0 })).delayMs).toBe(HOUR);
  });
});

describe('planNextPoll, fixed intervals', () => {
  it('polls at the interval, whatever the item rate and the cache hints', () => {
    expect(planNextPoll(fixed())).toEqual({ delayMs: 5 * MIN, reason: 'fixed' });
    expect(planNextPoll(fixed({ itemTimes: DORMANT, ttlMinutes: 120, headers: { 'cache-control': 'max-age=3600' } }))).toEqual({
      delayMs: 5 * MIN,
      reason: 'fixed',
    });
  });

  it('keeps an interval outside auto’s bounds: 10 s stays 10 s, 12 h stays 12 h', () => {
    expect(planNextPoll(fixed({ interval: { kind: 'fixed', ms: 10_000 } })).delayMs).toBe(10_000);
    expect(planNextPoll(fixed({ interval: { kind: 'fixed', ms: 12 * HOUR } })).delayMs).toBe(12 * HOUR);
  });

  it('backs off from the interval up to maxInterval and recovers', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((failures) => planNextPoll(fixed({ outcome: 'error', failures })).delayMs / MIN);
    expect(delays).toEqual([5, 10, 20, 40, 80, 160, 320, 360]);
    expect(planNextPoll(fixed({ outcome: 'not-modified', failures: 8 })).delayMs).toBe(5 * MIN);
  });
});

describe('planNextPoll: invariants', () => {
  it('keeps auto within [minInterval, maxInterval] whatever the input', () => {
    const headerValue = fc.oneof(fc.string(), fc.nat({ max: 10 ** 7 }).map(String), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: NOW - 60 * DAY, max: NOW + 3 * DAY }), { maxLength: 80 }),
        fc.constantFrom('changed', 'not-modified', 'error') as fc.Arbitrary<PollPlanInput['outcome']>,
        fc.nat({ max: 50 }),
        fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
        fc.option(fc.constantFrom(200, 304, 429, 500, 503), { nil: undefined }),
        fc.dictionary(fc.constantFrom('cache-control', 'expires', 'date', 'age', 'retry-after'), headerValue),
        fc.integer({ min: 1_000, max: HOUR }),
        fc.integer({ min: HOUR, max: 2 * DAY }),
        (itemTimes, outcome, failures, ttlMinutes, status, headers, minIntervalMs, maxIntervalMs) => {
          const plan = planNextPoll(auto({ itemTimes, outcome, failures, ttlMinutes, status, headers, minIntervalMs, maxIntervalMs }));
          expect(plan.delayMs).toBeGreaterThanOrEqual(minIntervalMs);
          expect(plan.delayMs).toBeLessThanOrEqual(maxIntervalMs);
          expect(Number.isInteger(plan.delayMs)).toBe(true);
        },
      ),
    );
  });
});
