import { getDomain } from 'tldts';
import { canonicalizeUrl } from './canonical.js';

/**
 * The address a story is deduplicated by. A page's declared canonical link
 * (`<link rel=canonical>`, `og:url`) is the publisher's word only for its
 * own pages:
 *
 * 1. No declared canonical, or one that is not a web address: the fetched link.
 * 2. A canonical on the same registrable domain as the fetched link (the
 *    public-suffix list decides: `www.bbc.co.uk` and `m.bbc.co.uk` are one,
 *    `a.github.io` and `b.github.io` are two): the canonical, so the AMP, mobile
 *    and tracking variants of a page are one story.
 * 3. A canonical anywhere else: the fetched link. Otherwise any page could
 *    claim another site's address and have its story merged with (or
 *    suppressed by) that site's alert. Syndicated copies on other sites are
 *    still merged by their text fingerprint, not by this address.
 *
 * Hosts without a registrable domain (IP addresses, `localhost`) must match
 * exactly.
 */
export function dedupeUrl(fetchedUrl: string, declaredCanonical?: string): string {
  if (!declaredCanonical) return fetchedUrl;
  const canonical = canonicalizeUrl(declaredCanonical);
  if (!canonical) return fetchedUrl;
  return sameSite(fetchedUrl, canonical) ? canonical : fetchedUrl;
}

/** True when both URLs are on the same registrable domain (or, lacking one, the same host). */
export function sameSite(a: string, b: string): boolean {
  const hostA = hostOf(a);
  const hostB = hostOf(b);
  if (hostA === undefined || hostB === undefined) return false;
  const domainA = getDomain(hostA, { allowPrivateDomains: true });
  const domainB = getDomain(hostB, { allowPrivateDomains: true });
  if (!domainA || !domainB) return hostA === hostB;
  return domainA === domainB;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
