import { describe, expect, it } from 'vitest';
import { dedupeUrl, sameSite } from '../../src/url/dedupe.js';

describe('dedupeUrl: a declared canonical counts only on the same registrable domain', () => {
  it.each([
    ['no canonical: the fetched link', 'https://www.bbc.co.uk/news/1', undefined, 'https://www.bbc.co.uk/news/1'],
    ['same host', 'https://www.bbc.co.uk/news/1?amp=1', 'https://www.bbc.co.uk/news/1', 'https://www.bbc.co.uk/news/1'],
    ['another subdomain of the same site (public suffix co.uk)', 'https://m.bbc.co.uk/news/1', 'https://www.bbc.co.uk/news/1', 'https://www.bbc.co.uk/news/1'],
    ['canonical with tracking parameters is canonicalised', 'https://amp.example.com/a', 'https://www.example.com/a?utm_source=x#top', 'https://www.example.com/a'],
    ['another site: ignored', 'https://blog.example.org/copy', 'https://www.reuters.com/world/story', 'https://blog.example.org/copy'],
    ['two co.uk sites are two sites', 'https://evil.co.uk/a', 'https://www.bbc.co.uk/news/1', 'https://evil.co.uk/a'],
    ['two github.io sites are two sites (private suffix)', 'https://alice.github.io/post', 'https://bob.github.io/post', 'https://alice.github.io/post'],
    ['IP hosts must match exactly', 'http://127.0.0.1:8080/a', 'http://127.0.0.2/a', 'http://127.0.0.1:8080/a'],
    ['same IP host', 'http://127.0.0.1:8080/a?x=1', 'http://127.0.0.1:8080/a', 'http://127.0.0.1:8080/a'],
    ['not a web address: ignored', 'https://www.example.com/a', 'javascript:alert(1)', 'https://www.example.com/a'],
  ])('%s', (_name, fetched, canonical, expected) => {
    expect(dedupeUrl(fetched, canonical)).toBe(expected);
  });

  it('sameSite is false for unparseable input', () => {
    expect(sameSite('not a url', 'https://example.com/')).toBe(false);
  });
});
