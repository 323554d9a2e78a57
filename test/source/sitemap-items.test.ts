import { describe, expect, it } from 'vitest';
import { MAX_CHILDREN_PER_POLL, MAX_SITEMAP_ITEMS, selectChildren, sitemapItems } from '../../src/source/sitemap-items.js';
import { parseSitemap } from '../../src/source/sitemap.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const fixture = (name: string) => readFileSync(resolve(__dirname, '../fixtures/sources/sitemaps', name), 'utf8');

describe('selectChildren', () => {
  it('follows only children changed in the last 48 hours, newest first, http(s) only', () => {
    const { entries } = parseSitemap(fixture('sitemap-index.xml'));
    expect(selectChildren(entries, NOW)).toEqual([
      'https://wire.example.com/sitemaps/news-2026-11-28.xml.gz',
      'https://wire.example.com/sitemaps/news-2026-11-27.xml.gz',
      'https://wire.example.com/sitemaps/video.xml',
    ]);
  });

  it('follows at most five of an index with thousands of recent children', () => {
    const entries = Array.from({ length: 5_000 }, (_, i) => ({ loc: `https://x.example/s/${i}.xml`, lastmod: new Date(NOW - i * 1000).toISOString() }));
    const chosen = selectChildren(entries, NOW);
    expect(chosen).toHaveLength(MAX_CHILDREN_PER_POLL);
    expect(chosen[0]).toBe('https://x.example/s/0.xml');
  });

  it('takes the first children listed when the index dates none', () => {
    const entries = Array.from({ length: 9 }, (_, i) => ({ loc: `https://x.example/s/${i}.xml` }));
    expect(selectChildren(entries, NOW)).toEqual(entries.slice(0, 5).map((e) => e.loc));
  });
});

describe('sitemapItems', () => {
  it('gives each URL with its title and date (publication date, else lastmod), newest first', () => {
    const items = sitemapItems(parseSitemap(fixture('news-sitemap.xml')).entries, 'https://wire.example.com/');
    expect(items.map((i) => i.publishedAt)).toEqual(['2026-11-28T09:15:00.000Z', '2026-11-28T08:40:00.000Z', '2026-11-28T07:05:00.000Z', '2026-11-27T00:00:00.000Z']);
    expect(items[0]).toEqual({
      link: 'https://wire.example.com/world/middle-east/witkoff-cairo-talks-2026-11-28/',
      title: 'Witkoff heads to Cairo as Hamas delegation arrives for talks',
      publishedAt: '2026-11-28T09:15:00.000Z',
    });
    const plain = sitemapItems(parseSitemap(fixture('plain-sitemap.xml')).entries, 'https://www.mfa.example.gov/');
    expect(plain.map((i) => i.link!.split('/').pop())).toEqual(['phone-call-with-egyptian-counterpart', 'statement-on-ceasefire-talks', 'minister-receives-us-envoy', 'about', 'joint-communique']);
  });

  it('keeps the newest MAX_SITEMAP_ITEMS of a 50,000-URL sitemap', () => {
    const entries = Array.from({ length: 50_000 }, (_, i) => ({ loc: `https://x.example/a/${i}`, lastmod: new Date(NOW - (50_000 - i) * 1000).toISOString() }));
    const items = sitemapItems(entries, 'https://x.example/');
    expect(items).toHaveLength(MAX_SITEMAP_ITEMS);
    expect(items[0]!.link).toBe('https://x.example/a/49999');
  });
});
