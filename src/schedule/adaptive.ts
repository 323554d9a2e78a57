/**
 * When to poll a feed next, from its configured interval, its recent item
 * rate, what the publisher's last answer asked for, and its failure streak.
 * Pure: the poll worker gathers the inputs and stores the result.
 *
 * The rules, in the order they apply:
 *
 * 1. The feed's own pace.
 *    - fixed: the configured interval.
 *    - auto: one poll per 1/24 of the expected gap between items
 *      ({@link POLLS_PER_EXPECTED_GAP}), i.e. `1 h / itemsPerDay`: a feed
 *      with 7 items in the last week (1 a day) is polled hourly, one with 4 a
 *      day every 15 minutes, one posting every few minutes at the floor, one
 *      posting weekly at the ceiling. A feed with a history but no recent
 *      item goes to the ceiling; a feed with no usable history at all (no
 *      dated items yet, or fewer than 3 and all recent) is polled every
 *      {@link NO_HISTORY_MS} until it has one. See item-rate.ts.
 * 2. Publisher hints, auto feeds only: RSS `<ttl>` and, on a response that
 *    carried the feed (200 or 304), `Cache-Control: max-age` / `s-maxage` or
 *    `Expires` (see publisher-hints.ts). Each can only lengthen the delay:
 *    "honoured" means not polling before the publisher says the content can
 *    change, never polling sooner because of them. A fixed interval is the
 *    operator's explicit choice and stays as configured: conditional
 *    requests already make its extra polls cheap for the publisher.
 * 3. Bounds. auto: [minInterval, maxInterval]. fixed: the interval itself is
 *    the floor (the SPEC's floor and ceiling are auto's), and maxInterval,
 *    or the interval if longer, is the ceiling of backoff and Retry-After.
 * 4. Failures: `base * 2^(failures - 1)` up to the ceiling, where base is the
 *    delay rules 1-3 give (so at least the floor). A poll that answers again
 *    (changed, not-modified) is planned by rules 1-3 alone: recovery needs
 *    nothing but the caller resetting its failure count.
 * 5. `Retry-After` on 429 and 503, for fixed and auto feeds alike: the delay
 *    is at least what it asks, up to the ceiling. An HTTP-date is read
 *    against the response's `Date`, so a skewed server clock does not matter.
 *
 * `reason` names the rule whose value was taken; where the floor or the
 * ceiling cut a pace or a hint, it is 'floor' or 'ceiling'. After an error
 * it is always 'failure-backoff' or 'retry-after', capped or not, because
 * that is what an operator needs to know about the feed.
 */
import type { PollInterval } from '../config/types.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { HOUR_MS, itemRate } from './item-rate.js';
import { cacheHint, parseHttpDate } from './publisher-hints.js';

/** auto polls this many times per expected gap between two items. */
export const POLLS_PER_EXPECTED_GAP = 24;
/** auto's pace for a feed with no usable history yet. */
export const NO_HISTORY_MS = 30 * 60_000;

export type PollOutcome = 'changed' | 'not-modified' | 'error';

export type PollReason =
  | 'fixed'
  | 'item-rate'
  | 'ttl'
  | 'cache-control'
  | 'expires'
  | 'retry-after'
  | 'failure-backoff'
  | 'floor'
  | 'ceiling'
  | 'no-history';

export interface PollPlanInput {
  interval: PollInterval;
  minIntervalMs: number;
  maxIntervalMs: number;
  now: number;
  /** Publication times (first-seen for undated items) of the feed's recent items, ms. Used by auto only. */
  itemTimes: readonly number[];
  outcome: PollOutcome;
  /** Consecutive failed polls including this one when outcome is 'error'; ignored otherwise. */
  failures: number;
  /** RSS <ttl> of the feed's last parse, minutes. */
  ttlMinutes?: number;
  /** The response's headers, lower-case names. */
  headers?: Readonly<Record<string, string>>;
  /** The response's HTTP status, when there was a response. */
  status?: number;
}

export interface PollPlan {
  delayMs: number;
  reason: PollReason;
  /** auto: the item rate the pace came from (absent without a usable history). */
  itemsPerDay?: number;
}

export function planNextPoll(input: PollPlanInput): PollPlan {
  const { interval, now, outcome } = input;
  const auto = interval.kind === 'auto';
  const floor = auto ? input.minIntervalMs : interval.ms;
  const ceiling = Math.max(floor, input.maxIntervalMs);

  // 1. The feed's own pace.
  let delay: number;
  let reason: PollReason;
  let itemsPerDay: number | undefined;
  if (!auto) {
    delay = interval.ms;
    reason = 'fixed';
  } else {
    const rate = itemRate(input.itemTimes, now);
    if (rate.spanMs === 0) {
      delay = NO_HISTORY_MS;
      reason = 'no-history';
    } else {
      itemsPerDay = rate.itemsPerDay;
      if (itemsPerDay > 0) {
        delay = (HOUR_MS * 24) / POLLS_PER_EXPECTED_GAP / itemsPerDay;
        reason = 'item-rate';
      } else {
        delay = ceiling;
        reason = 'ceiling';
      }
    }

    // 2. Publisher hints lengthen, never shorten.
    const ttl = input.ttlMinutes;
    if (ttl !== undefined && Number.isFinite(ttl) && ttl * 60_000 > delay) {
      delay = ttl * 60_000;
      reason = 'ttl';
    }
    if (outcome !== 'error') {
      const hint = cacheHint(input.headers, now);
      if (hint && hint.ms > delay) {
        delay = hint.ms;
        reason = hint.source;
      }
    }
  }

  // 3. Bounds.
  if (delay < floor) {
    delay = floor;
    reason = 'floor';
  } else if (delay > ceiling) {
    delay = ceiling;
    reason = 'ceiling';
  }

  // 4. Failure backoff from the pace the feed would otherwise have.
  if (outcome === 'error') {
    const exponent = Math.min(Math.max(input.failures - 1, 0), 30);
    delay = Math.min(delay * 2 ** exponent, ceiling);
    reason = 'failure-backoff';
  }

  // 5. Retry-After on 429 and 503.
  if (input.status === 429 || input.status === 503) {
    const headers = input.headers ?? {};
    const retryAfter = parseRetryAfter(headers['retry-after'], parseHttpDate(headers['date']) ?? now);
    if (retryAfter !== undefined && retryAfter > delay) {
      delay = Math.min(retryAfter, ceiling);
      reason = 'retry-after';
    }
  }

  return { delayMs: Math.ceil(delay), reason, ...(itemsPerDay !== undefined ? { itemsPerDay } : {}) };
}
