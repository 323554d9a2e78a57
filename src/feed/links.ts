/** Resolves an item link against the feed URL; only http(s) results count as links. */
export function resolveLink(href: string | undefined, feedUrl: string): string | undefined {
  const raw = href?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw, safeBase(feedUrl));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function safeBase(feedUrl: string): string | undefined {
  try {
    return new URL(feedUrl).href;
  } catch {
    return undefined;
  }
}

/** A guid that is itself an absolute http(s) URL (RSS `isPermaLink`), usable when an item has no link. */
export function guidAsLink(guid: string | undefined): string | undefined {
  if (!guid || !/^https?:\/\//i.test(guid.trim())) return undefined;
  return resolveLink(guid, guid.trim());
}

/** An ISO 8601 string for any date text `Date` understands, else undefined. */
export function toIsoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
