import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/feed/types.js';
import { articleKey, canonicalizeUrl, itemKey, TRACKING_PARAMS } from '../../src/url/canonical.js';

describe('canonicalizeUrl', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['HTTPS://News.Example.COM/World/Story', undefined, 'https://news.example.com/World/Story'],
    ['http://example.com:80/a', undefined, 'http://example.com/a'],
    ['https://example.com:443/a', undefined, 'https://example.com/a'],
    ['https://example.com:8443/a', undefined, 'https://example.com:8443/a'],
    ['https://example.com/a#comments', undefined, 'https://example.com/a'],
    ['https://example.com/a?', undefined, 'https://example.com/a'],
    ['https://example.com/a?utm_source=rss&utm_medium=feed&UTM_Campaign=x', undefined, 'https://example.com/a'],
    ['https://example.com/a?id=7&fbclid=abc&gclid=1&dclid=2&msclkid=3', undefined, 'https://example.com/a?id=7'],
    ['https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&yclid=4&_ga=5&ref_src=twsrc', undefined, 'https://example.com/a'],
    ['https://example.com/a?cmpid=1&ocid=2&taid=3&at_medium=4&at_campaign=5&smid=6&partner=rss', undefined, 'https://example.com/a'],
    ['https://example.com/a?z=1&a=2&m=3', undefined, 'https://example.com/a?a=2&m=3&z=1'],
    ['https://example.com/a?q=a%20b&flag', undefined, 'https://example.com/a?flag&q=a%20b'],
    ['https://user:pw@example.com/a', undefined, 'https://example.com/a'],
    ['/2026/11/story?utm_source=x', 'https://example.com/feeds/rss.xml', 'https://example.com/2026/11/story'],
    ['story.html', 'https://example.com/feeds/rss.xml', 'https://example.com/feeds/story.html'],
    ['//cdn.example.com/x', 'https://example.com/', 'https://cdn.example.com/x'],
    ['  https://example.com/padded  ', undefined, 'https://example.com/padded'],
    ['https://例え.jp/パス', undefined, 'https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9'],
    ['ftp://example.com/file', undefined, undefined],
    ['mailto:someone@example.com', undefined, undefined],
    ['javascript:alert(1)', undefined, undefined],
    ['data:text/html,hi', undefined, undefined],
    ['not a url', undefined, undefined],
    ['/relative/without/base', undefined, undefined],
    ['', 'https://example.com/', undefined],
    ['http://', undefined, undefined],
  ])('%j (base %j) -> %j', (input, base, expected) => {
    expect(canonicalizeUrl(input, base)).toBe(expected);
  });

  it('is idempotent', () => {
    const once = canonicalizeUrl('HTTP://Example.com:80/a/../b?z=1&utm_source=x&a=2#f')!;
    expect(once).toBe('http://example.com/b?a=2&z=1');
    expect(canonicalizeUrl(once)).toBe(once);
  });

  it('documents its tracking list', () => {
    for (const name of ['fbclid', 'gclid', 'msclkid', 'mc_cid', 'igshid', 'smid', 'partner']) {
      expect(TRACKING_PARAMS.has(name)).toBe(true);
    }
  });
});

describe('itemKey', () => {
  const feed = 'https://example.com/feeds/rss.xml';
  it.each<[FeedItem, string | undefined]>([
    [{ guid: '  tag:example.com,2026:1  ', link: 'https://example.com/a' }, 'tag:example.com,2026:1'],
    [{ guid: '   ', link: '/a?utm_source=rss#top' }, 'https://example.com/a'],
    [{ link: 'HTTPS://EXAMPLE.com/a?b=1&a=2' }, 'https://example.com/a?a=2&b=1'],
    [{ title: 'no guid, no link' }, undefined],
    [{ link: 'mailto:x@example.com' }, undefined],
  ])('%j -> %j', (item, expected) => {
    expect(itemKey(item, feed)).toBe(expected);
  });
});

describe('articleKey', () => {
  it('is 32 hex characters, safe as a BullMQ job id', () => {
    expect(articleKey('https://example.com/a')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is the same for URLs that differ only in tracking, case, port or fragment', () => {
    const key = articleKey('https://example.com/a?id=1');
    expect(articleKey('HTTPS://EXAMPLE.COM:443/a?utm_source=x&id=1#top')).toBe(key);
    expect(articleKey('https://example.com/a?id=2')).not.toBe(key);
  });

  it('is stable across runs', () => {
    // sha256("https://example.com/") — fixed so a change of hashing shows up as a failing test.
    expect(articleKey('https://example.com')).toBe('0f115db062b7c0dd030b16878c99dea5');
  });

  it('still returns a key for an unusable URL', () => {
    expect(articleKey('not a url')).toMatch(/^[0-9a-f]{32}$/);
  });
});
