import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startTestServer, type TestServer } from './http.js';

export interface SiteItem {
  slug: string;
  title: string;
  /** Defaults to now. */
  publishedAt?: Date;
  /** Article body paragraphs. */
  paragraphs?: string[];
  /** Milliseconds the page takes to answer. */
  delayMs?: number;
  /** Overrides the page's answer per request (0-based); undefined serves the page. */
  respond?: (attempt: number) => { status: number; headers?: Record<string, string>; body?: string } | undefined;
}

export interface FeedOptions {
  /** Extra response headers (Cache-Control, Expires...). */
  headers?: Record<string, string>;
  /** RSS <ttl> in minutes. */
  ttlMinutes?: number;
  /** Serve the feed as JSON Feed 1.1 with this content type instead of RSS. */
  jsonFeedAs?: string;
  /** Milliseconds the feed takes to answer. */
  delayMs?: number;
  /** Overrides the feed's answer per request (0-based); undefined serves the feed. */
  respond?: (attempt: number) => { status: number; headers?: Record<string, string>; body?: string } | undefined;
}

/**
 * A local news site: RSS feeds whose items link to article pages on the same
 * server, with ETag support, and a log of every request so tests can count
 * polls and fetches.
 */
export async function startNewsSite(host = '127.0.0.1') {
  const feeds = new Map<string, SiteItem[]>();
  const pages = new Map<string, SiteItem>();
  const requests: Array<{ path: string; status: number; at: number }> = [];
  const pageAttempts = new Map<string, number>();
  const inFlight = { now: 0, max: 0 };
  const feedOptions = new Map<string, FeedOptions>();
  const feedAttempts = new Map<string, number>();
  let site: TestServer;

  const jsonFeed = (name: string, items: SiteItem[]) =>
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: name,
      items: items.map((i) => ({
        id: i.slug,
        url: `${site.url}/news/${i.slug}`,
        title: i.title,
        content_text: i.title,
        date_published: (i.publishedAt ?? new Date()).toISOString(),
      })),
    });

  const feedXml = (name: string, items: SiteItem[], ttl?: number) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${name}</title><link>${site.url}/</link><description>test</description>${ttl !== undefined ? `<ttl>${ttl}</ttl>` : ''}
${items
  .map(
    (i) => `<item><title>${i.title}</title><link>${site.url}/news/${i.slug}?utm_source=rss&amp;utm_medium=${name}</link>
<guid isPermaLink="false">${i.slug}</guid><pubDate>${(i.publishedAt ?? new Date()).toUTCString()}</pubDate>
<description>${i.title}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;

  const pageHtml = (i: SiteItem) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${i.title}</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>${i.title}</h1>
${(i.paragraphs ?? [`${i.title}. This is the body of a test article about nothing in particular, long enough to count as the story text that a reader would read.`, 'A second paragraph keeps the extractor honest about paragraphs and their order in the story.']).map((p) => `<p>${p}</p>`).join('\n')}
</article><footer>Footer text</footer></body></html>`;

  site = await startTestServer(async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const feed = feeds.get(path);
    if (feed) {
      const opts = feedOptions.get(path) ?? {};
      const attempt = feedAttempts.get(path) ?? 0;
      feedAttempts.set(path, attempt + 1);
      inFlight.now += 1;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
      inFlight.now -= 1;
      const override = opts.respond?.(attempt);
      if (override) {
        requests.push({ path, status: override.status, at: Date.now() });
        res.writeHead(override.status, override.headers).end(override.body ?? '');
        return;
      }
      const body = opts.jsonFeedAs ? jsonFeed(path, feed) : feedXml(path, feed, opts.ttlMinutes);
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) {
        requests.push({ path, status: 304, at: Date.now() });
        res.writeHead(304, opts.headers).end();
        return;
      }
      requests.push({ path, status: 200, at: Date.now() });
      const type = opts.jsonFeedAs ?? 'application/rss+xml; charset=utf-8';
      res.writeHead(200, { 'content-type': type, etag, ...opts.headers }).end(body);
      return;
    }
    const page = path.startsWith('/news/') ? pages.get(path.slice('/news/'.length)) : undefined;
    if (page) {
      const attempt = pageAttempts.get(path) ?? 0;
      pageAttempts.set(path, attempt + 1);
      const override = page.respond?.(attempt);
      const status = override?.status ?? 200;
      requests.push({ path, status, at: Date.now() });
      inFlight.now += 1;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      await new Promise((r) => setTimeout(r, page.delayMs ?? 0));
      inFlight.now -= 1;
      if (override) res.writeHead(status, override.headers).end(override.body ?? '');
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml(page));
      return;
    }
    requests.push({ path, status: 404, at: Date.now() });
    res.writeHead(404).end();
  }, host);

  return {
    ...site,
    requests,
    inFlight,
    setFeed(path: string, items: SiteItem[], options?: FeedOptions) {
      feeds.set(path, items);
      if (options) feedOptions.set(path, options);
      for (const i of items) pages.set(i.slug, i);
    },
    feedUrl: (path: string) => `${site.url}${path}`,
    count: (pred: (r: { path: string; status: number }) => boolean) => requests.filter(pred).length,
  };
}
