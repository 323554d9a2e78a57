import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findListingLinks, ListingError, MAX_PAGE_LINKS } from '../../src/source/listing.js';
import { fetchPage } from '../../src/pipeline/fetch-page.js';

const PAGES = resolve(__dirname, '../fixtures/sources/pages');
const designs = readdirSync(PAGES)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => {
    const name = f.replace(/\.expected\.json$/, '');
    const expected = JSON.parse(readFileSync(resolve(PAGES, f), 'utf8')) as { url: string; heldOut: boolean; stories: string[] };
    return { name, ...expected, html: readFileSync(resolve(PAGES, `${name}.html`), 'utf8') };
  });

describe('findListingLinks on the page designs', () => {
  it('has at least a dozen designs, some held out', () => {
    expect(designs.length).toBeGreaterThanOrEqual(12);
    expect(designs.filter((d) => d.heldOut).length).toBeGreaterThanOrEqual(3);
  });

  // The tuning designs are a regression table: exactly the hand-marked stories.
  it.each(designs.filter((d) => !d.heldOut).map((d) => [d.name, d] as const))('%s: exactly the hand-marked story links', (_name, d) => {
    const found = findListingLinks(d.html, d.url).map((l) => l.url);
    expect(new Set(found)).toEqual(new Set(d.stories.map((u) => new URL(u).href)));
  });

  // Held-out designs were never tuned on: every story found; false positives are reported by the benchmark.
  it.each(designs.filter((d) => d.heldOut).map((d) => [d.name, d] as const))('%s (held out): every story link found', (_name, d) => {
    const found = new Set(findListingLinks(d.html, d.url).map((l) => l.url));
    for (const story of d.stories) expect(found).toContain(new URL(story).href);
  });
});

describe('findListingLinks: titles and rules', () => {
  const ap = designs.find((d) => d.name === 'ap-hub')!;
  const wordpress = designs.find((d) => d.name === 'wordpress-ministry')!;
  const bbc = designs.find((d) => d.name === 'bbc-section')!;

  it('one item per story however many links its card has, titled by the headline', () => {
    const links = findListingLinks(ap.html, ap.url);
    const first = links.find((l) => l.url.includes('witkoff'))!;
    expect(first.title).toBe('Witkoff heads to Cairo as ceasefire talks resume with Hamas delegation');
    expect(links.filter((l) => l.url === first.url)).toHaveLength(1);
  });

  it('a "Continue reading" link does not replace the headline', () => {
    const links = findListingLinks(wordpress.html, wordpress.url);
    expect(links[0]).toMatchObject({ url: 'https://mfa.gov.example/2026/11/28/minister-receives-us-special-envoy-for-the-middle-east/', title: 'Minister receives US Special Envoy for the Middle East' });
  });

  it('a card whose link wraps a heading is titled by that heading', () => {
    const links = findListingLinks(bbc.html, bbc.url);
    expect(links[0]!.title).toMatch(/^US envoy to meet Israeli and Egyptian officials as ceasefire talks resume/);
    expect(links[0]!.reasons).toContain('heading');
  });

  it('a short link text takes the nearest heading as title', () => {
    const html = readFileSync(resolve(__dirname, '../fixtures/sources/listing/read-more.html'), 'utf8');
    const links = findListingLinks(html, 'https://news.example.org/latest/');
    expect(links).toEqual([
      expect.objectContaining({ url: 'https://news.example.org/2026/11/28/envoy-meets-mediators-in-doha', title: 'Envoy meets mediators in Doha ahead of new round' }),
      expect.objectContaining({ url: 'https://news.example.org/2026/11/27/aid-convoy-crosses-into-gaza', title: 'Aid convoy crosses into Gaza after days of delay' }),
    ]);
  });

  it('with a selector takes exactly the matched <a> elements (or the links inside matched elements)', () => {
    const html = readFileSync(resolve(__dirname, '../fixtures/sources/listing/read-more.html'), 'utf8');
    const byClass = findListingLinks(html, 'https://news.example.org/latest/', { selector: 'a.more' });
    expect(byClass.map((l) => l.url)).toEqual(['https://news.example.org/2026/11/28/envoy-meets-mediators-in-doha', 'https://news.example.org/2026/11/27/aid-convoy-crosses-into-gaza']);
    expect(byClass[0]!.title).toBe('Read more');
    const byContainer = findListingLinks(html, 'https://news.example.org/latest/', { selector: 'nav' });
    expect(byContainer.map((l) => l.url)).toEqual(['https://news.example.org/world/', 'https://news.example.org/politics/']);
    expect(() => findListingLinks(html, 'https://news.example.org/latest/', { selector: 'a[' })).toThrow(ListingError);
  });

  it('never takes links to other sites or private addresses (same-site rule)', () => {
    const html = readFileSync(resolve(__dirname, '../fixtures/sources/listing/private-links.html'), 'utf8');
    const urls = findListingLinks(html, 'https://news.example.org/latest/').map((l) => l.url);
    expect(urls).toEqual(['https://news.example.org/2026/11/28/the-one-real-story-on-this-page']);
  });

  it('a private address a selector picks is still refused when fetched (SSRF guard)', async () => {
    const html = readFileSync(resolve(__dirname, '../fixtures/sources/listing/private-links.html'), 'utf8');
    const urls = findListingLinks(html, 'https://news.example.org/latest/', { selector: 'li a' }).map((l) => l.url);
    expect(urls).toContain('http://169.254.169.254/latest/meta-data/iam/security-credentials-for-story');
    for (const url of urls.filter((u) => !u.startsWith('https://news.example.org'))) {
      const page = await fetchPage(url, { timeoutMs: 2_000, maxBytes: 100_000, allowPrivateNetworks: false });
      expect(page).toMatchObject({ kind: 'permanent', reason: expect.stringMatching(/refusing to connect to a non-public address/) });
    }
  });

  it('a page with 100,000 links gives at most MAX_PAGE_LINKS items', () => {
    const cards = Array.from({ length: 100_000 }, (_, i) => `<li><a href="/2026/11/28/story-number-${i}-about-the-talks">Story number ${i} about the ceasefire talks</a></li>`);
    const html = `<!DOCTYPE html><html><body><main><ul>${cards.join('')}</ul></main></body></html>`;
    const links = findListingLinks(html, 'https://news.example.org/latest/');
    expect(links.length).toBeGreaterThan(0);
    expect(links.length).toBeLessThanOrEqual(MAX_PAGE_LINKS);
    expect(links[0]!.url).toBe('https://news.example.org/2026/11/28/story-number-0-about-the-talks');
  });
});
