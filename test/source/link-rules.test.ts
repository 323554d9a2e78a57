import { describe, expect, it } from 'vitest';
import { siteOf, textPoints, urlPoints, urlVeto } from '../../src/source/link-rules.js';

const page = new URL('https://www.bbc.co.uk/news/world/middle_east');

describe('link rules', () => {
  it('one registrable site per the Public Suffix List', () => {
    expect(siteOf(new URL('https://news.bbc.co.uk/x'))).toBe(siteOf(page));
    expect(siteOf(new URL('https://a.github.io/'))).not.toBe(siteOf(new URL('https://b.github.io/')));
    expect(siteOf(new URL('http://127.0.0.1:8080/'))).toBe('127.0.0.1');
  });

  it.each([
    ['https://www.bbc.com/news/articles/c0q4x1yz2e5o', 'other site'],
    ['https://www.bbc.co.uk/', 'front page'],
    ['https://www.bbc.co.uk/news/world/middle_east/', 'the page itself'],
    ['https://www.bbc.co.uk/news/topics/c2vdnvdg6xxt', 'listing path'],
    ['https://www.bbc.co.uk/news/world/africa?page=2', 'pagination'],
    ['https://www.bbc.co.uk/news/world/page/3', 'pagination'],
    ['https://www.bbc.co.uk/news/report-2026.pdf', 'not a page'],
    ['https://www.bbc.co.uk/news/articles/c0q4x1yz2e5o', undefined],
  ])('%s: %s', (href, veto) => {
    expect(urlVeto(new URL(href), page)).toBe(veto);
  });

  it('scores the shapes of story URLs and section URLs', () => {
    expect(urlPoints(new URL('https://x.example/world/2026/11/28/envoy-meets-mediators')).reasons).toEqual(['date in path', 'slug']);
    expect(urlPoints(new URL('https://x.example/world/2026/nov/28/envoy-meets-mediators')).reasons).toEqual(['date in path', 'slug']);
    expect(urlPoints(new URL('https://x.example/events/president/news/75891')).reasons).toEqual(['numeric id', 'story marker']);
    expect(urlPoints(new URL('https://x.example/world')).points).toBe(-2);
  });

  it('scores headline-like text, in scripts with and without spaces', () => {
    expect(textPoints('Witkoff heads to Cairo as talks resume').points).toBe(2);
    expect(textPoints('ويتكوف يلتقي الوسطاء في القاهرة').points).toBe(2);
    expect(textPoints('特使抵达开罗参加停火谈判').points).toBe(2);
    expect(textPoints('Cabinet Communique').points).toBe(-2);
    expect(textPoints('Read more').points).toBe(-2);
  });
});
