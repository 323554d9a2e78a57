import { DateTime } from 'luxon';
import type { DigestSchedule } from '../config/types.js';

/**
 * Digest windows, as pure functions of the schedule and an instant.
 *
 * 1. A window is [start, end): an alert queued at `end` exactly belongs to the next one.
 * 2. `every` windows follow the UTC clock from the Unix epoch: 1h windows are
 *    the full hours, 1d the UTC days, 15m the quarter hours.
 * 3. `daily` windows end at HH:MM local time in the zone and start at the
 *    previous day's HH:MM, so they are 23 or 25 hours long across a DST change.
 *    A time that does not exist that day (in the spring-forward gap) is moved
 *    forward by the gap, as luxon does; a time that exists twice is taken at
 *    its first occurrence.
 * 4. The window's id is its start in UTC, written without ":" (BullMQ job ids
 *    may not contain one): 20261201T070000Z.
 */

export interface DigestWindow {
  /** Unix ms, inclusive. */
  start: number;
  /** Unix ms, exclusive. */
  end: number;
}

export function digestWindowAt(schedule: DigestSchedule, atMs: number): DigestWindow {
  if (schedule.kind === 'every') {
    const start = Math.floor(atMs / schedule.ms) * schedule.ms;
    return { start, end: start + schedule.ms };
  }
  const at = DateTime.fromMillis(atMs, { zone: schedule.zone });
  const localTime = { hour: schedule.hour, minute: schedule.minute, second: 0, millisecond: 0 };
  let end = at.set(localTime);
  if (end.toMillis() <= atMs) end = at.plus({ days: 1 }).set(localTime);
  const start = end.minus({ days: 1 }).set(localTime);
  return { start: start.toMillis(), end: end.toMillis() };
}

/** The window after `window` (where an alert goes once its own window has been sent). */
export function nextDigestWindow(schedule: DigestSchedule, window: DigestWindow): DigestWindow {
  return digestWindowAt(schedule, window.end);
}

/** 2026-12-01T07:00:00.000Z → 20261201T070000Z */
export function windowKey(startMs: number): string {
  return new Date(startMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** The digest's `webhook-id` and BullMQ job id: one per target and window. */
export function digestId(webhookId: string, startMs: number): string {
  return `digest_${webhookId}_${windowKey(startMs)}`;
}
