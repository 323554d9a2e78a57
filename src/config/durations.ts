/**
 * Units of the YAML config: durations ("10s", "5m", "1.5h", "1d") and byte
 * sizes ("5MB", "512KiB"). Parsed once here so no other module knows units.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../time/units.js';

const DURATION_UNITS_MS = { ms: 1, s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS } as const;

/** One number and one unit: 10s, 5m, 1.5h, 2d, 500ms. */
export const DURATION_PATTERN = '^\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)\\s*$';
const DURATION_RE = new RegExp(DURATION_PATTERN);

/** Parses "10s", "5m", "1.5h", "1d" or "500ms" to milliseconds; throws on anything else. */
export function parseDuration(s: string): number {
  const m = typeof s === 'string' ? DURATION_RE.exec(s) : null;
  if (!m) throw new Error(`config: not a duration (expected a number and a unit s, m, h or d, e.g. 5m)`);
  const unit = m[2] as keyof typeof DURATION_UNITS_MS;
  return Math.round(Number(m[1]) * DURATION_UNITS_MS[unit]);
}

export function isDuration(s: unknown): s is string {
  return typeof s === 'string' && DURATION_RE.test(s);
}

/**
 * Byte sizes: B; KB, MB, GB are decimal (1000^n), KiB, MiB, GiB binary
 * (1024^n), units case-insensitive; a plain number (or numeric string) is bytes.
 */
const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};
/** Spelled without flags so editors can use it as a JSON Schema pattern. */
export const BYTE_SIZE_PATTERN = '^\\s*(\\d+(?:\\.\\d+)?)\\s*([kKmMgG][iI]?[bB]|[bB])?\\s*$';
const SIZE_RE = new RegExp(BYTE_SIZE_PATTERN);

export const BYTE_SIZE_DESCRIPTION =
  'Bytes: a plain number, or a number with a unit: B; KB, MB, GB are decimal (1000, 1000², 1000³ bytes); ' +
  'KiB, MiB, GiB are binary (1024, 1024², 1024³ bytes). Examples: 5MB, 512KiB, 1048576.';

/** Parses "5MB" (5,000,000), "1MiB" (1,048,576), "512KB" or a plain number of bytes; throws on anything else. */
export function parseByteSize(s: string | number): number {
  if (typeof s === 'number') {
    if (!Number.isInteger(s) || s < 0) throw new Error('config: a byte size must be a whole number of bytes');
    return s;
  }
  const m = typeof s === 'string' ? SIZE_RE.exec(s) : null;
  if (!m) throw new Error('config: not a byte size (expected e.g. 5MB, 512KiB or a number of bytes)');
  const unit = (m[2] ?? 'b').toLowerCase();
  return Math.floor(Number(m[1]) * (SIZE_UNITS[unit] ?? 1));
}

/** Renders milliseconds in the largest unit that keeps it short: 90000 → "1.5m", 86400000 → "24h". */
export function formatDuration(ms: number): string {
  if (ms % DAY_MS === 0 && ms > DAY_MS) return `${ms / DAY_MS}d`;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1_000]] as const) {
    if (ms >= size) return `${Number((ms / size).toFixed(2))}${unit}`;
  }
  return `${ms}ms`;
}

/** Renders bytes as the config would spell them: 5000000 → "5MB", 2097152 → "2MiB". */
export function formatBytes(n: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (n >= size && n % size === 0) return `${n / size}${unit}`;
  }
  for (const [unit, size] of [['GB', 1e9], ['MB', 1e6], ['KB', 1e3]] as const) {
    if (n >= size) return `${Number((n / size).toFixed(2))}${unit}`;
  }
  return `${n}B`;
}
