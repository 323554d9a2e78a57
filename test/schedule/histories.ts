/** Simulated item histories for the schedule tests: publication times in ms. */
export const NOW = Date.parse('2026-11-26T12:00:00.000Z');
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** `count` items, the newest `newestAgeMs` old, one every `gapMs`. */
export function regular(count: number, gapMs: number, newestAgeMs = 0, now = NOW): number[] {
  return Array.from({ length: count }, (_, i) => now - newestAgeMs - i * gapMs);
}

/** One item a day for three weeks, the last 3 h ago: 7 in the last week, older ones too. */
export const DAILY = regular(21, DAY, 3 * HOUR);
/** A wire feed's 500-item list, one item every 3 minutes: 25 hours of history. */
export const WIRE = regular(500, 3 * MIN, 30_000);
/** A dormant blog: its last ten posts, 40 to 130 days old. */
export const DORMANT = regular(10, 10 * DAY, 40 * DAY);
