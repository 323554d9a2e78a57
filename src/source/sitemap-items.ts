/**
 * From parsed sitemaps to what a poll reads (pure).
 *
 * Index children (rules):
 *  1. Only children changed recently are followed: a `lastmod` within
 *     RECENT_CHILD_WINDOW_MS of now, newest first. A news site's index lists
 *     years of monthly or daily files; only the last few can hold news.
 *  2. An index that dates none of its children: the first ones listed.
 *  3. At most MAX_CHILDREN_PER_POLL children a poll, whatever the index
 *     holds (an index of 50,000 children costs at most that many fetches).
 *  4. A child must be http(s); nested indexes are not followed (the protocol
 *     allows one level).
 *
 * Items: each `<url>` becomes an item with the sitemap's own title and date
 * (news:publication_date, else lastmod). At most MAX_SITEMAP_ITEMS a poll:
 * dated items newest first, then undated ones in the sitemap's order.
 */
import type { FeedItem } from '../feed/types.js';
import type { SitemapEntry } from './sitemap.js';
import { resolveHttpUrl } from '../url/resolve.js';
import { HOUR_MS } from '../time/units.js';

export const RECENT_CHILD_WINDOW_MS = 48 * HOUR_MS;
export const MAX_CHILDREN_PER_POLL = 5;
export const MAX_SITEMAP_ITEMS = 1_000;

/** The index children one poll follows (rules 1–4). */
export function selectChildren(entries: SitemapEntry[], now: number): string[] {
  const usable = entries.filter((e) => /^https?:\/\//i.test(e.loc));
  const dated = usable.filter((e) => e.lastmod !== undefined);
  if (dated.length === 0) return usable.slice(0, MAX_CHILDREN_PER_POLL).map((e) => e.loc);
  return dated
    .filter((e) => Date.parse(e.lastmod!) >= now - RECENT_CHILD_WINDOW_MS)
    .sort((a, b) => Date.parse(b.lastmod!) - Date.parse(a.lastmod!))
    .slice(0, MAX_CHILDREN_PER_POLL)
    .map((e) => e.loc);
}

/** A sitemap's URLs as feed items, newest first, capped. */
export function sitemapItems(entries: SitemapEntry[], baseUrl: string): FeedItem[] {
  const dated: Array<{ item: FeedItem; time: number }> = [];
  const undated: FeedItem[] = [];
  for (const e of entries) {
    const link = absolute(e.loc, baseUrl);
    if (!link) continue;
    const item: FeedItem = { link };
    if (e.title) item.title = e.title;
    const date = e.publishedAt ?? e.lastmod;
    if (date) {
      item.publishedAt = date;
      dated.push({ item, time: Date.parse(date) });
    } else {
      undated.push(item);
    }
  }
  // Times parsed once, not in the comparator: 50,000 entries sort in milliseconds.
  dated.sort((a, b) => b.time - a.time);
  return [...dated.map((d) => d.item), ...undated].slice(0, MAX_SITEMAP_ITEMS);
}

function absolute(loc: string, base: string): string | undefined {
  // Sitemaps give absolute URLs: 50,000 of them need not each go through the URL parser (keyItems canonicalises later).
  if (/^https?:\/\/[^\s]+$/i.test(loc)) return loc;
  return resolveHttpUrl(loc, base);
}
