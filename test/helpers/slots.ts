/**
 * "Never twice in one interval", counted: a feed's scheduler fires on a grid
 * (every `everyMs`, at the feed's own offset; BullMQ aligns a scheduler with
 * an offset to multiples of `every` plus that offset), so each fetch a site
 * saw belongs to the slot it was made in. Two fetches in one slot are a
 * double poll; a poll that waited a little for its host still lands in its
 * own slot, where a wall-clock gap between two fetches would call it one.
 */
import { schedulerOffsetMs } from '../../workers/runtime/schedules.js';

/** Slot number → fetches in it, for the slots that had more than one. */
export function doublePolledSlots(fetchTimes: number[], feedId: string, everyMs: number): Map<number, number> {
  const sorted = [...fetchTimes].sort((a, b) => a - b);
  // Offset 0 means no alignment: the first slot is when the scheduler was made, a little before the first
  // fetch, so the grid starts a fifth of a slot before that fetch.
  const offset = schedulerOffsetMs(feedId, everyMs) || ((sorted[0] ?? 0) - everyMs / 5) % everyMs;
  const perSlot = new Map<number, number>();
  for (const t of sorted) {
    const slot = Math.floor((t - offset) / everyMs);
    perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
  }
  return new Map([...perSlot].filter(([, n]) => n > 1));
}
