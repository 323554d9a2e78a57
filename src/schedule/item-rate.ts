/**
 * How often a feed publishes, from the times of its recent items.
 *
 * The estimate is a count over a window, not an exponentially weighted
 * average: a windowed count needs no decay constant to tune, and its one
 * real difficulty, a feed that only lists its last N items, is handled
 * directly by shortening the window to what the feed shows. The rules, in
 * order:
 *
 * 1. Cleaning. Non-finite times are dropped. Times up to a day in the future
 *    (time-zone slips, clocks a few hours fast) count as "now"; further ahead
 *    they are dropped (event listings, typos), so a mis-dated item never
 *    fakes activity for long.
 * 2. Events, not items. Items published within {@link COALESCE_MS} of the
 *    first item of a group are one event: one poll sees them all, so for
 *    polling a batch of 30 items published in the same minute (a CMS import,
 *    a feed that stamps every item with its build time, a duplicate passed
 *    twice) is one publication, not thirty.
 * 3. The window. With items older than the window, the feed's history covers
 *    the whole window: rate = events in window / window. Without (a new feed,
 *    or a busy feed whose list is truncated: a wire posting every 3 minutes
 *    shows only its last 25 hours in 500 items), the observed span is from
 *    the oldest event to now, and since that oldest event only marks where
 *    the observation starts, rate = (events - 1) / span, the span at least
 *    {@link MIN_SPAN_MS}. Fewer than {@link MIN_EVENTS} events and no older
 *    items: too little to say, `sample` is 0 (the caller's "no history").
 * 4. Silence. A feed that has said nothing for `s` cannot plausibly publish
 *    more than {@link SILENCE_EVENTS} events per `s` (at a higher rate, such
 *    a silence has under a 5% chance), so the rate is capped at
 *    SILENCE_EVENTS / s. This makes one burst fade (50 items two days ago
 *    and nothing since is not a wire feed), lets a feed that stopped decay
 *    towards the ceiling well before its items leave the window, and relaxes
 *    a wire feed's polling through the night.
 */
import { DAY_MS } from '../time/units.js';

export const HOUR_MS = 3_600_000;
export const DEFAULT_RATE_WINDOW_MS = 7 * DAY_MS;
/** Items this close to the first item of a group are one publication event. */
export const COALESCE_MS = 60_000;
/** Items dated up to this far ahead count as published now; further ahead they are ignored. */
export const FUTURE_TOLERANCE_MS = DAY_MS;
/** The shortest span a rate is measured over, so two items a minute apart do not mean 1,440 a day. */
export const MIN_SPAN_MS = HOUR_MS;
/** Events needed to estimate a rate when nothing shows the feed's history goes back further. */
export const MIN_EVENTS = 3;
/** At most this many events are expected in a silence as long as the current one. */
export const SILENCE_EVENTS = 3;

export interface ItemRate {
  /** Publication events per day; 0 for a feed with a history but nothing recent. */
  itemsPerDay: number;
  /**
   * Events the estimate rests on. 0 with `itemsPerDay` 0 and `spanMs` 0 means
   * no usable history at all (no dated items, or too few and all recent).
   */
  sample: number;
  /** The span the events were counted over: the window, or less for a short or truncated history. */
  spanMs: number;
}

/**
 * Estimates a feed's publication rate from its recent items' publication
 * (or, for undated items, first-seen) times in ms since the epoch. Pure.
 */
export function itemRate(itemTimes: readonly number[], now: number, windowMs = DEFAULT_RATE_WINDOW_MS): ItemRate {
  const windowStart = now - windowMs;
  let olderThanWindow = false;
  const recent: number[] = [];
  for (const raw of itemTimes) {
    if (!Number.isFinite(raw)) continue;
    if (raw > now + FUTURE_TOLERANCE_MS) continue;
    const t = Math.min(raw, now);
    if (t < windowStart) olderThanWindow = true;
    else recent.push(t);
  }

  const events = coalesce(recent);
  const n = events.length;
  if (n === 0) return { itemsPerDay: 0, sample: 0, spanMs: olderThanWindow ? windowMs : 0 };

  let perMs: number;
  let spanMs: number;
  if (olderThanWindow) {
    spanMs = windowMs;
    perMs = n / windowMs;
  } else {
    if (n < MIN_EVENTS) return { itemsPerDay: 0, sample: 0, spanMs: 0 };
    spanMs = Math.max(now - events[0]!, MIN_SPAN_MS);
    perMs = (n - 1) / spanMs;
  }

  const silence = now - events[n - 1]!;
  if (silence > 0) perMs = Math.min(perMs, SILENCE_EVENTS / silence);
  return { itemsPerDay: perMs * DAY_MS, sample: n, spanMs };
}

/** Sorted times grouped into events: each event starts at its first item and spans COALESCE_MS. */
function coalesce(times: number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  const events: number[] = [];
  for (const t of sorted) {
    const last = events[events.length - 1];
    if (last === undefined || t - last > COALESCE_MS) events.push(t);
  }
  return events;
}
