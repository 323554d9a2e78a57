/**
 * Publication dates from feeds, sitemaps and page metadata, read by one set
 * of rules: ISO 8601 or anything `Date` reads (RFC 822 in RSS), a zone-less
 * date-time taken as UTC rather than the machine's zone, `+0000` offsets
 * given their colon, and years outside 1990-2100 treated as no date (epoch
 * zeros and typos would otherwise sort a story as ancient or future).
 */
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

/** ISO 8601 in UTC, or undefined when the value is not a plausible date. */
export function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let v = value.trim();
  if (!v) return undefined;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)) v = `${v.replace(' ', 'T')}Z`;
  v = v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  const year = new Date(t).getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  return new Date(t).toISOString();
}
