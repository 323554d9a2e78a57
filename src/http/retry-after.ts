/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): either delay-seconds or an
 * HTTP-date. Returns the wait in milliseconds from `nowMs`, never negative, or
 * undefined when the header is absent or unreadable (the caller then uses its
 * own backoff).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;

  // delay-seconds is 1*DIGIT; no sign, no fraction.
  if (/^\d+$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined;
  }

  // An HTTP-date always names a weekday or month in letters; refusing bare
  // numeric strings like "1.5" or "-3" keeps Date.parse from guessing.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
