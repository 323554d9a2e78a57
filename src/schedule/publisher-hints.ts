/**
 * What a feed's response says about when its content can next change:
 * `Cache-Control` freshness, or failing that `Expires` (RFC 9111 §4.2.1,
 * where max-age wins over Expires). Pure; headers are lower-cased names.
 */

export interface CacheHint {
  /** How long from now the response stays fresh, ms, never negative. */
  ms: number;
  source: 'cache-control' | 'expires';
}

/**
 * The remaining freshness of a response: `max-age` (or, without it,
 * `s-maxage`, which a CDN in front of the feed also keeps to) from
 * `Cache-Control`, else `Expires` minus `Date` (or minus `now` when `Date`
 * is missing or unreadable), in both cases less the `Age` a cache in between
 * has already spent. `no-cache`, `no-store`, `must-revalidate` and the like
 * ask for revalidation, not for more frequent polling, so they are ignored;
 * so is an unreadable value. Undefined when the response states nothing.
 */
export function cacheHint(headers: Readonly<Record<string, string>> | undefined, now: number): CacheHint | undefined {
  if (!headers) return undefined;
  const age = parseAgeMs(headers['age']);

  const directives = parseCacheControl(headers['cache-control']);
  const maxAge = directives.get('max-age') ?? directives.get('s-maxage');
  if (maxAge !== undefined) return { ms: Math.max(0, maxAge * 1000 - age), source: 'cache-control' };

  const expires = parseHttpDate(headers['expires']);
  if (headers['expires'] !== undefined) {
    // An unreadable Expires, classically "0" or "-1", means "already expired".
    if (expires === undefined) return { ms: 0, source: 'expires' };
    const date = parseHttpDate(headers['date']) ?? now;
    return { ms: Math.max(0, expires - date - age), source: 'expires' };
  }
  return undefined;
}

/** The delta-seconds directives of a Cache-Control value, by lower-cased name. */
function parseCacheControl(value: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (!value) return out;
  for (const part of value.split(',')) {
    const m = /^\s*([a-z-]+)\s*=\s*"?(\d+)"?\s*$/i.exec(part);
    if (!m) continue;
    const name = m[1]!.toLowerCase();
    const seconds = Number(m[2]);
    // A repeated directive is invalid (RFC 9111 §4.2.1); the first one is kept.
    if (Number.isSafeInteger(seconds) && !out.has(name)) out.set(name, seconds);
  }
  return out;
}

function parseAgeMs(value: string | undefined): number {
  const trimmed = value?.trim();
  if (!trimmed || !/^\d+$/.test(trimmed)) return 0;
  const seconds = Number(trimmed);
  return Number.isSafeInteger(seconds) ? seconds * 1000 : 0;
}

/** An HTTP-date in ms, or undefined. Refuses letter-less strings so Date.parse does not guess at "0". */
export function parseHttpDate(value: string | undefined): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : at;
}
