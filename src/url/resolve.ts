/** Resolves a link against a base; only http(s) results count as links (javascript:, mailto:, data: do not). */
export function resolveHttpUrl(href: string | undefined, base?: string): string | undefined {
  const raw = href?.trim();
  if (!raw) return undefined;
  try {
    const url = base === undefined ? new URL(raw) : new URL(raw, safeBase(base));
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A base that does not parse is no base: relative links then resolve to nothing. */
function safeBase(base: string): string | undefined {
  try {
    return new URL(base).href;
  } catch {
    return undefined;
  }
}
