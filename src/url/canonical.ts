import { createHash } from 'node:crypto';
import type { FeedItem } from '../feed/types.js';
import { resolveHttpUrl } from './resolve.js';

/**
 * Query parameters that only say where a click came from, never which page
 * it is: analytics campaigns (utm_*), ad-click ids (Google gclid/dclid,
 * Microsoft msclkid, Facebook fbclid, Yandex yclid, Instagram igshid),
 * Mailchimp (mc_cid, mc_eid), Google Analytics linker (_ga, _gl), Twitter
 * (ref_src, ref_url), publisher campaign tags (CNN/Microsoft cmpid, MSN
 * ocid, Guardian/Telegraph taid, AT Internet at_medium/at_campaign, NYT
 * smid, partner), and HubSpot (_hsenc, _hsmi).
 * Dropping them makes the same article from two feeds one article.
 */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'msclkid',
  'yclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  'ref_src',
  'ref_url',
  'cmpid',
  'ocid',
  'taid',
  'at_medium',
  'at_campaign',
  'smid',
  'partner',
  '_hsenc',
  '_hsmi',
]);

/** Every parameter with this prefix is tracking (utm_source, utm_medium, ...). */
const TRACKING_PREFIXES = ['utm_'];

function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * The canonical form of an article URL, for deduplication: resolved against
 * `base`, http(s) only, host lower-cased (WHATWG URL does that and drops
 * default ports), fragment and tracking parameters removed, remaining
 * parameters sorted (stable across feeds that order them differently), no
 * trailing `?`. Undefined for anything that is not a usable web address.
 */
export function canonicalizeUrl(url: string, base?: string): string | undefined {
  const resolved = resolveHttpUrl(url, base);
  if (!resolved) return undefined;
  const parsed = new URL(resolved);
  if (!parsed.hostname) return undefined;
  parsed.hash = '';
  parsed.username = '';
  parsed.password = '';
  // Pairs are kept as written (no re-encoding, `a` stays `a` and not `a=`),
  // so the result still fetches exactly what the publisher linked.
  const kept = parsed.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParam(paramName(pair)))
    .sort();
  parsed.search = kept.length ? `?${kept.join('&')}` : '';
  return parsed.href;
}

/**
 * The identity of an item within its feed: the guid when there is one
 * (publishers keep it when they edit a title or link), else the canonical
 * link. Undefined when the item has neither, and so cannot be tracked.
 */
export function itemKey(item: FeedItem, feedUrl: string): string | undefined {
  const guid = item.guid?.trim();
  if (guid) return guid;
  return item.link ? canonicalizeUrl(item.link, feedUrl) : undefined;
}

/**
 * A short stable id for an article: sha256 hex (first 32) of its canonical
 * URL. Hex is safe in BullMQ job ids, which must not contain ':'.
 */
export function articleKey(url: string): string {
  const canonical = canonicalizeUrl(url) ?? url.trim();
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
