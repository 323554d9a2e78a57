/**
 * Reads the children of a sitemap index that a poll follows (I/O: the HTTP
 * client only, with the source's caps and SSRF policy).
 *
 * - One child after another (one host, one request at a time: polite).
 * - One byte budget for all of them: fetch.maxBytes in total, so an index
 *   whose children are each just under the cap cannot make a poll read
 *   children × cap.
 * - Each child is a conditional GET with the validators kept from the last
 *   poll; a 304 child adds no items (they were seen when it last changed).
 * - A failing child costs only its own items; the poll fails only when every
 *   child failed. A child that is itself an index is skipped (one level).
 */
import type { FetchConfig } from '../config/types.js';
import type { FeedItem } from '../feed/types.js';
import { decodeXml } from '../encoding/decode.js';
import { contentTypeOf } from '../http/content-type.js';
import { gunzipCapped, isGzip, parseSitemap } from '../source/sitemap.js';
import { sitemapItems } from '../source/sitemap-items.js';
import { fetchSource, type Validators } from './fetch-source.js';

export interface ChildrenRead {
  items: FeedItem[];
  /** Validators of the children followed this poll (the others are forgotten). */
  validators: Record<string, Validators>;
  failed: number;
  firstError?: string;
}

export async function readChildSitemaps(
  urls: string[],
  previous: Record<string, Validators>,
  fetchConfig: FetchConfig,
): Promise<ChildrenRead> {
  const out: ChildrenRead = { items: [], validators: {}, failed: 0 };
  let budget = fetchConfig.maxBytes;
  const fail = (error: string) => {
    out.failed += 1;
    out.firstError ??= error;
  };
  for (const url of urls) {
    if (budget <= 0) {
      fail(`sitemap: children exceed ${fetchConfig.maxBytes} bytes in one poll`);
      continue;
    }
    const fetched = await fetchSource(url, previous[url] ?? {}, { ...fetchConfig, maxBytes: budget });
    if (fetched.outcome === 'not-modified') {
      out.validators[url] = previous[url] ?? {};
      continue;
    }
    if (fetched.outcome !== 'ok') {
      fail(fetched.outcome === 'gone' ? 'sitemap: child answered 410 Gone' : fetched.error.replace(/^feed: /, 'sitemap: child '));
      continue;
    }
    budget -= fetched.body.length;
    try {
      const bytes = isGzip(fetched.body) ? gunzipCapped(fetched.body, budget + fetched.body.length) : fetched.body;
      if (bytes !== fetched.body) budget -= bytes.length - fetched.body.length;
      const { charset } = contentTypeOf({ 'content-type': fetched.headers['content-type'] ?? '' });
      const sitemap = parseSitemap(decodeXml(bytes, charset).text);
      if (sitemap.kind === 'index') {
        fail('sitemap: a child is itself an index (not followed)');
        continue;
      }
      out.items.push(...sitemapItems(sitemap.entries, fetched.url));
      out.validators[url] = fetched.validators;
    } catch (err) {
      fail((err as Error).message);
    }
  }
  return out;
}
