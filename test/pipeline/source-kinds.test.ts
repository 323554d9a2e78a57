import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { pollSource, splitBacklog, MAX_NEW_PAGE_LINKS_PER_POLL, type KeyedItem } from '../../src/pipeline/source.js';
import { readChildSitemaps } from '../../src/pipeline/sitemap-children.js';
import type { FetchConfig } from '../../src/config/types.js';

const fixture = (path: string) => readFileSync(resolve(__dirname, '../fixtures/sources', path), 'utf8');
const FETCH: FetchConfig = { timeoutMs: 5_000, maxBytes: 5_000_000, allowPrivateNetworks: true };
const NOW = Date.now();
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

function urlset(paths: string[], base: string): string {
  return `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">${paths
    .map((p, i) => `<url><loc>${base}${p}</loc><news:news><news:publication_date>${iso(i * 60_000)}</news:publication_date><news:title>Story ${p}</news:title></news:news></url>`)
    .join('')}</urlset>`;
}

function index(children: Array<{ path: string; msAgo: number }>, base: string): string {
  return `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${children
    .map((c) => `<sitemap><loc>${base}${c.path}</loc><lastmod>${iso(c.msAgo)}</lastmod></sitemap>`)
    .join('')}</sitemapindex>`;
}

describe('the source stage on sitemaps and listing pages', () => {
  let site: TestServer;
  const hits = new Map<string, number>();
  const conditional: string[] = [];
  const routes = new Map<string, (res: ServerResponse, ifNoneMatch?: string) => void>();
  const etagged = (type: string, body: () => string | Buffer, etag: string) => (res: ServerResponse, inm?: string) => {
    if (inm === etag) {
      conditional.push(etag);
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'content-type': type, etag }).end(body());
  };
  const url = (p: string) => `${site.url}${p}`;

  beforeAll(async () => {
    site = await startTestServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const route = routes.get(path);
      if (!route) return void res.writeHead(404).end();
      route(res, req.headers['if-none-match'] as string | undefined);
    });
    routes.set('/news-sitemap.xml', etagged('application/xml', () => urlset(['/a/one-story-here', '/a/two-story-here'], site.url), '"n1"'));
    let indexVersion = 1;
    routes.set('/index.xml', (res, inm) =>
      etagged('application/xml', () => index([{ path: '/today.xml.gz', msAgo: 60_000 }, { path: '/yesterday.xml', msAgo: 20 * 3600_000 }, { path: '/archive-2019.xml', msAgo: 6 * 365 * 86400_000 }], site.url), `"i${indexVersion}"`)(res, inm),
    );
    routes.set('/bump-index', (res) => {
      indexVersion += 1;
      res.writeHead(204).end();
    });
    routes.set('/today.xml.gz', etagged('application/x-gzip', () => gzipSync(urlset(['/t/alpha-story-today', '/t/beta-story-today'], site.url)), '"t1"'));
    routes.set('/yesterday.xml', etagged('application/xml', () => urlset(['/y/gamma-story-yesterday'], site.url), '"y1"'));
    routes.set('/archive-2019.xml', etagged('application/xml', () => urlset(['/old/never'], site.url), '"o1"'));
    routes.set('/huge-index.xml', etagged('application/xml', () => index(Array.from({ length: 5_000 }, (_, i) => ({ path: `/child/${i}.xml`, msAgo: i * 1000 })), site.url), '"h"'));
    for (let i = 0; i < 5_000; i++) routes.set(`/child/${i}.xml`, etagged('application/xml', () => urlset([`/c/${i}-child-story`], site.url), `"c${i}"`));
    routes.set('/sitemap-50mb.xml', (res) => {
      // 50 MB streamed without a Content-Length: the stage stops reading at fetch.maxBytes.
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<?xml version="1.0"?><urlset>');
      const chunk = Buffer.from(`<url><loc>${'https://x.example/'.padEnd(200, 'a')}</loc></url>`.repeat(250));
      let sent = 0;
      const pump = () => {
        while (!res.destroyed && sent < 50_000_000) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end('</urlset>');
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '), { level: 9 });
    routes.set('/bomb.xml.gz', (res) => res.writeHead(200, { 'content-type': 'application/gzip' }).end(bomb));
    const big = urlset(Array.from({ length: 3_500 }, (_, i) => `/big/${String(i).padStart(6, '0')}-a-story-with-a-long-enough-slug-to-weigh-something`), 'https://big.example');
    routes.set('/big-index.xml', etagged('application/xml', () => index([1, 2, 3, 4, 5].map((n) => ({ path: `/big-${n}.xml`, msAgo: n * 1000 })), site.url), '"b"'));
    for (const n of [1, 2, 3, 4, 5]) routes.set(`/big-${n}.xml`, etagged('application/xml', () => big.replaceAll('/big/', `/big${n}/`), `"b${n}"`));
    routes.set('/section/', etagged('text/html; charset=utf-8', () => fixture('pages/reuters-section.html'), '"s1"'));
    routes.set('/empty-page.html', etagged('text/html', () => '<!DOCTYPE html><html><body><p>Nothing listed today.</p></body></html>', '"e"'));
  });

  afterAll(async () => {
    await site?.close();
  });

  it('reads a news sitemap as items with their titles and dates', async () => {
    const r = await pollSource(url('/news-sitemap.xml'), {}, FETCH);
    if (r.outcome !== 'changed') throw new Error(JSON.stringify(r));
    expect(r.kind).toBe('sitemap');
    expect(r.items.map((k) => k.item.link)).toEqual([url('/a/one-story-here'), url('/a/two-story-here')]);
    expect(r.items[0]!.item.title).toBe('Story /a/one-story-here');
    expect(r.validators.etag).toBe('"n1"');
  });

  it('follows an index to its recent children only (gzip child included), then asks each child conditionally', async () => {
    const first = await pollSource(url('/index.xml'), {}, FETCH);
    if (first.outcome !== 'changed') throw new Error(JSON.stringify(first));
    expect(first.items.map((k) => k.item.link).sort()).toEqual([url('/t/alpha-story-today'), url('/t/beta-story-today'), url('/y/gamma-story-yesterday')]);
    expect(hits.get('/archive-2019.xml')).toBeUndefined();
    expect(first.children).toEqual({ [url('/today.xml.gz')]: { etag: '"t1"' }, [url('/yesterday.xml')]: { etag: '"y1"' } });

    // The index unchanged: one 304, no child asked.
    const childHits = hits.get('/today.xml.gz');
    const second = await pollSource(url('/index.xml'), { ...first.validators, children: first.children }, FETCH);
    expect(second.outcome).toBe('not-modified');
    expect(hits.get('/today.xml.gz')).toBe(childHits);

    // The index changed, its children did not: each child answers 304 and adds no items.
    await fetch(url('/bump-index'));
    const third = await pollSource(url('/index.xml'), { ...first.validators, children: first.children }, FETCH);
    if (third.outcome !== 'changed') throw new Error(JSON.stringify(third));
    expect(third.items).toEqual([]);
    expect(conditional).toEqual(expect.arrayContaining(['"t1"', '"y1"']));
    expect(third.children).toEqual(first.children);
  });

  it('an index of 5,000 children costs one poll five child fetches', async () => {
    const r = await pollSource(url('/huge-index.xml'), {}, FETCH);
    if (r.outcome !== 'changed') throw new Error(JSON.stringify(r));
    const fetched = [...hits.keys()].filter((p) => p.startsWith('/child/'));
    expect(fetched).toEqual(['/child/0.xml', '/child/1.xml', '/child/2.xml', '/child/3.xml', '/child/4.xml']);
    expect(r.items).toHaveLength(5);
  });

  it('children share one byte budget (fetch.maxBytes) per poll', async () => {
    const r = await pollSource(url('/big-index.xml'), {}, { ...FETCH, maxBytes: 2_500_000 });
    if (r.outcome !== 'changed') throw new Error(JSON.stringify(r));
    // Each child is about 1 MB: two fit in 2.5 MB, the third is cut at what is left, the rest are refused unread.
    const folders = new Set(r.items.map((k) => k.item.link!.split('/')[3]));
    expect(folders).toEqual(new Set(['big1', 'big2']));
    expect(r.items).toHaveLength(2_000); // 1,000 newest of each child
    expect(hits.get('/big-3.xml')).toBe(1);
  });

  it('a 50 MB sitemap stops at the size cap with a clear error', async () => {
    const r = await pollSource(url('/sitemap-50mb.xml'), {}, FETCH);
    expect(r).toMatchObject({ outcome: 'error', error: 'fetch: body exceeds 5000000 bytes' });
  });

  it('a gzip bomb served as a .xml.gz file stops at the cap when inflated', async () => {
    const r = await pollSource(url('/bomb.xml.gz'), {}, FETCH);
    expect(r).toMatchObject({ outcome: 'error', error: 'sitemap: gzip body exceeds 5000000 bytes when inflated' });
  });

  it("a child on a private address is refused when the config does not allow private networks", async () => {
    const before = hits.get('/yesterday.xml') ?? 0;
    const read = await readChildSitemaps([url('/yesterday.xml'), 'http://169.254.169.254/latest/sitemap.xml'], {}, { ...FETCH, allowPrivateNetworks: false });
    expect(read.failed).toBe(2);
    expect(read.firstError).toMatch(/^fetch: refusing to connect to a non-public address/);
    expect(hits.get('/yesterday.xml') ?? 0).toBe(before);
  });

  it('reads a listing page as its story links, detected from the answer or forced', async () => {
    const r = await pollSource(url('/section/'), {}, FETCH);
    if (r.outcome !== 'changed') throw new Error(JSON.stringify(r));
    expect(r.kind).toBe('page');
    // The Reuters-style design links its stories by path, so on this server they are this server's stories.
    expect(r.items.map((k) => k.item.link)).toContain(url('/world/middle-east/us-envoy-witkoff-meets-netanyahu-jerusalem-ceasefire-second-phase-2026-11-28/'));
    expect(r.items).toHaveLength(7);
    const forced = await pollSource(url('/empty-page.html'), {}, FETCH, { type: 'page' });
    expect(forced).toMatchObject({ outcome: 'changed', kind: 'page', items: [] });
    // Detected HTML with no story links is what it was before: not a feed.
    expect(await pollSource(url('/empty-page.html'), {}, FETCH)).toMatchObject({ outcome: 'error', error: 'feed: not a feed (looks like HTML)' });
    const picked = await pollSource(url('/section/'), {}, FETCH, { links: 'a[data-testid=Heading]' });
    if (picked.outcome !== 'changed') throw new Error(JSON.stringify(picked));
    expect(picked.items).toHaveLength(7);
    expect(picked.items[0]!.item.title).toBe('US envoy Witkoff meets Netanyahu in Jerusalem on ceasefire second phase');
  });
});

describe('splitBacklog for sitemaps and pages', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  const item = (n: number, publishedAt?: string): KeyedItem => ({ key: `k${n}`, item: { link: `https://x.example/${n}`, ...(publishedAt && { publishedAt }) } });

  it("a page's first poll is all backlog (its links are undated)", () => {
    const r = splitBacklog([item(1), item(2)], { primed: false, backfillMs: 86400_000, now, kind: 'page', listed: 2 });
    expect(r.fresh).toEqual([]);
    expect(r.backlog).toHaveLength(2);
  });

  it('a primed page takes its new links, at most MAX_NEW_PAGE_LINKS_PER_POLL, in page order', () => {
    const unseen = Array.from({ length: 40 }, (_, i) => item(i));
    const r = splitBacklog(unseen, { primed: true, backfillMs: 0, now, kind: 'page', listed: 200 });
    expect(r.fresh).toEqual(unseen.slice(0, MAX_NEW_PAGE_LINKS_PER_POLL));
    expect(r.backlog).toEqual(unseen.slice(MAX_NEW_PAGE_LINKS_PER_POLL));
  });

  it('a primed page whose links all changed at once is churning: nothing alerted', () => {
    const unseen = Array.from({ length: 20 }, (_, i) => item(i));
    const r = splitBacklog(unseen, { primed: true, backfillMs: 0, now, kind: 'page', listed: 21 });
    expect(r).toEqual({ fresh: [], backlog: unseen, churned: true });
    // A small page that gains a few links is not churning.
    expect(splitBacklog([item(1), item(2)], { primed: true, backfillMs: 0, now, kind: 'page', listed: 2 }).fresh).toHaveLength(2);
  });

  it('a primed sitemap never alerts items dated more than a week ago', () => {
    const r = splitBacklog([item(1, '2026-11-28T10:00:00Z'), item(2, '2026-11-01T10:00:00Z'), item(3)], { primed: true, backfillMs: 86400_000, now, kind: 'sitemap' });
    expect(r.fresh.map((k) => k.key)).toEqual(['k1', 'k3']);
    expect(r.backlog.map((k) => k.key)).toEqual(['k2']);
  });
});
