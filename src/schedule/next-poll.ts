/**
 * How long to wait before polling a feed again after a poll. A feed that
 * keeps failing backs off exponentially up to the ceiling and recovers by
 * itself when it answers again; a publisher's Retry-After is honoured but
 * never pushes the next poll past the ceiling.
 */
export function nextPollDelay(args: { failures: number; baseMs: number; maxMs: number; retryAfterMs?: number }): number {
  const { failures, baseMs, maxMs, retryAfterMs } = args;
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const backoff = Math.min(baseMs * 2 ** exponent, maxMs);
  const wished = retryAfterMs !== undefined ? Math.min(retryAfterMs, maxMs) : 0;
  return Math.max(backoff, wished, baseMs);
}
