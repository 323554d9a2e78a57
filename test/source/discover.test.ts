import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announcedFeeds, feedsYaml, robotsSitemaps } from '../../src/source/discover.js';
import { parse } from 'yaml';

const fixture = (path: string) => readFileSync(resolve(__dirname, '../fixtures/sources', path), 'utf8');

describe('discovery, pure parts', () => {
  it('finds the feeds a page announces, resolved against the page', () => {
    expect(announcedFeeds(fixture('pages/state-press.html'), 'https://www.state.gov/press-releases/')).toEqual([
      { url: 'https://www.state.gov/feed/', title: 'United States Department of State » Feed', kind: 'rss' },
    ]);
    const html = '<head><link rel="alternate" type="application/atom+xml" href="/atom.xml"><link rel="Alternate" type="application/feed+json" href="feed.json"><link rel="alternate" hreflang="ar" href="/ar/"><link rel="stylesheet" href="/a.css"><link rel="alternate" type="application/rss+xml" href="javascript:x"></head>';
    expect(announcedFeeds(html, 'https://x.example/news/').map((f) => f.url)).toEqual(['https://x.example/atom.xml', 'https://x.example/news/feed.json']);
  });

  it('reads Sitemap: lines of robots.txt in any case, relative ones resolved, once each, http(s) only', () => {
    expect(robotsSitemaps(fixture('sitemaps/robots.txt'), 'https://wire.example.com')).toEqual([
      'https://wire.example.com/sitemaps/news-index.xml',
      'https://wire.example.com/sitemaps/sitemap-index.xml',
    ]);
  });

  it('writes feeds: lines that are valid YAML the config accepts', () => {
    const yaml = feedsYaml([
      { url: 'https://wire.example.com/sitemaps/news-index.xml', kind: 'sitemap', via: 'robots.txt', count: 12, sample: [{ url: 'https://wire.example.com/a', title: 'Envoy: "talks go on"' }] },
      { url: 'https://wire.example.com/world/', kind: 'page', via: 'the page itself', count: 8, sample: [] },
    ]);
    expect(parse(yaml)).toEqual({
      feeds: [{ url: 'https://wire.example.com/sitemaps/news-index.xml' }, { url: 'https://wire.example.com/world/', type: 'page' }],
    });
    expect(yaml).toContain('# sitemap (robots.txt): 12 items, e.g. Envoy: "talks go on"');
  });
});
