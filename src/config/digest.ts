import { IANAZone } from 'luxon';
import { isDuration, parseDuration } from './durations.js';
import type { DigestSchedule } from './types.js';

/**
 * `webhooks[].digest`: how a target's alerts are gathered into one message.
 *
 * 1. A duration ("1h", "15m", at least 10s): windows follow the UTC clock, so
 *    "1h" is each full hour and "1d" each UTC day.
 * 2. "daily HH:MM Zone" ("daily 08:00 Europe/Berlin"): one window per day,
 *    ending at that wall-clock time in that IANA zone. The zone is required:
 *    a server's own zone is an accident of where it runs.
 */

export const MIN_DIGEST_MS = 10_000;

export const DIGEST_HINT = 'must be a duration of 10s or more (e.g. 1h) or "daily HH:MM Area/City" (e.g. daily 08:00 Europe/Berlin)';

const DAILY_RE = /^\s*daily\s+(\d{1,2}):(\d{2})(?:\s+(\S+))?\s*$/i;

/** The schedule, or a message saying what is wrong (never quoting more than the user wrote). */
export function readDigest(s: string): DigestSchedule | { error: string } {
  if (isDuration(s)) {
    const ms = parseDuration(s);
    return ms >= MIN_DIGEST_MS ? { kind: 'every', ms } : { error: 'must be at least 10s' };
  }
  const m = DAILY_RE.exec(s);
  if (!m) return { error: DIGEST_HINT };
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return { error: 'daily digest time must be HH:MM between 00:00 and 23:59' };
  const zone = m[3];
  if (!zone) return { error: 'daily digest needs a time zone, e.g. daily 08:00 Europe/Berlin' };
  if (!IANAZone.isValidZone(zone)) return { error: 'daily digest zone must be an IANA time zone such as Europe/Berlin or UTC' };
  return { kind: 'daily', hour, minute, zone };
}

export function parseDigest(s: string): DigestSchedule {
  const r = readDigest(s);
  if ('error' in r) throw new Error(`config: digest ${r.error}`);
  return r;
}
