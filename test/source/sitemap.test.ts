import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipCapped, isGzip, parseSitemap, SitemapError } from '../../src/source/sitemap.js';

const fixture = (name: string) => readFileSync(resolve(__dirname, '../fixtures/sources/sitemaps', name), 'utf8');

describe('parseSitemap', () => {
  it('reads a Google News sitemap: loc, title, publication date and language; not the image loc', () => {
    const { kind, entries } = parseSitemap(fixture('news-sitemap.xml'));
    expect(kind).toBe('urlset');
    expect(entries).toHaveLength(4);
    expect(entries[0]).toEqual({
      loc: 'https://wire.example.com/world/middle-east/witkoff-cairo-talks-2026-11-28/',
      title: 'Witkoff heads to Cairo as Hamas delegation arrives for talks',
      publishedAt: '2026-11-28T09:15:00.000Z',
      language: 'en',
    });
    // Entities decoded in the loc, CDATA kept as text.
    expect(entries[1]!.loc).toBe('https://wire.example.com/world/middle-east/qatar-mediators-framework-2026-11-28/?utm_source=sitemap&ref=gn');
    expect(entries[1]!.title).toBe('Qatar\'s mediators say "framework" for deal is close & talks go on');
    expect(entries[2]).toMatchObject({ lastmod: '2026-11-28T07:00:00.000Z', publishedAt: '2026-11-27T00:00:00.000Z' });
    expect(entries[3]).toMatchObject({ language: 'ar', publishedAt: '2026-11-28T07:05:00.000Z', title: 'ويتكوف يصل إلى القاهرة لإجراء محادثات' });
  });

  it('reads a plain sitemap: lastmod in its forms, none, or unreadable', () => {
    const { entries } = parseSitemap(fixture('plain-sitemap.xml'));
    expect(entries.map((e) => e.lastmod)).toEqual(['2026-11-28T00:00:00.000Z', '2026-11-27T14:20:00.000Z', undefined, undefined, '2026-11-28T11:00:00.000Z']);
    expect(entries[0]!.title).toBeUndefined();
  });

  it('reads a sitemap index as children with their lastmod', () => {
    const { kind, entries } = parseSitemap(fixture('sitemap-index.xml'));
    expect(kind).toBe('index');
    expect(entries).toHaveLength(6);
    expect(entries[0]).toEqual({ loc: 'https://wire.example.com/sitemaps/news-2026-11-28.xml.gz', lastmod: '2026-11-28T10:00:00.000Z' });
  });

  it('never expands declared entities nor reads external ones (billion laughs, XXE)', () => {
    const { entries } = parseSitemap(fixture('billion-laughs-sitemap.xml'));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.loc).toBe('https://example.com/a-story-about-laughs');
    expect(entries[0]!.title!.length).toBeLessThan(50);
    expect(entries[0]!.title).not.toContain('lollol');
    expect(entries[0]!.title).not.toContain('root:');
  });

  it('refuses what is not a sitemap, with a sitemap: message', () => {
    expect(() => parseSitemap('<?xml version="1.0"?><rss version="2.0"><channel/></rss>')).toThrow(new SitemapError('sitemap: not a sitemap (root element <rss>)'));
    expect(() => parseSitemap('')).toThrow(/^sitemap: not a sitemap/);
  });

  it('builds at most maxEntries entries from a huge file', () => {
    const urls = Array.from({ length: 2_000 }, (_, i) => `<url><loc>https://example.com/s/${i}</loc></url>`).join('');
    const { entries } = parseSitemap(`<urlset>${urls}</urlset>`, 100);
    expect(entries).toHaveLength(100);
    expect(entries.at(-1)!.loc).toBe('https://example.com/s/99');
  });
});

describe('gzip sitemaps', () => {
  it('inflates a .xml.gz body', () => {
    const body = gzipSync(Buffer.from(fixture('news-sitemap.xml')));
    expect(isGzip(body)).toBe(true);
    expect(parseSitemap(gunzipCapped(body, 1_000_000).toString('utf8')).entries).toHaveLength(4);
  });

  it('stops a gzip bomb at the cap: 30 MB of zeros in a few KB', () => {
    const bomb = gzipSync(Buffer.alloc(30 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(60_000);
    expect(() => gunzipCapped(bomb, 5_000_000)).toThrow(new SitemapError('sitemap: gzip body exceeds 5000000 bytes when inflated'));
  });

  it('says a broken gzip body is broken', () => {
    expect(() => gunzipCapped(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 1000)).toThrow(/^sitemap: broken gzip body/);
  });
});
