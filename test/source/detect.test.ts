import { describe, expect, it } from 'vitest';
import { detectSourceType, feedKind } from '../../src/source/detect.js';

describe('detectSourceType', () => {
  it.each([
    ['<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>', undefined, 'sitemap'],
    ['\uFEFF<?xml version="1.0"?>\n<!-- generated --><sitemapindex></sitemapindex>', 'text/xml', 'sitemap'],
    ['<?xml version="1.0"?><rss version="2.0"></rss>', 'text/html', 'feed'],
    ['<feed xmlns="http://www.w3.org/2005/Atom"></feed>', undefined, 'feed'],
    ['<rdf:RDF></rdf:RDF>', undefined, 'feed'],
    ['{"version":"https://jsonfeed.org/version/1.1"}', 'application/json', 'feed'],
    ['<!DOCTYPE html><html><body></body></html>', undefined, 'page'],
    ['  <html lang="ar" dir="rtl">', 'application/xml', 'page'],
    ['<div>a fragment</div>', undefined, 'page'],
    ['plain text', 'text/html; charset=utf-8', 'page'],
    ['', undefined, 'feed'],
  ])('%j (%s) is a %s', (body, contentType, type) => {
    expect(detectSourceType(body, contentType)).toBe(type);
  });

  it('names RSS 1.0 (RDF) as rss', () => {
    expect(feedKind('rdf')).toBe('rss');
    expect(feedKind('atom')).toBe('atom');
  });
});
