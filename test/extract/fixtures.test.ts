import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/index.js';
import { decodeHtmlPieces, HTML_PIECE_BYTES } from '../../src/encoding/decode.js';

/**
 * Pages that each reproduce one cause of error seen on real sites: hand-made
 * ones, and real-*.html copies of real pages (NOTICE.md says where from).
 */
interface Expected {
  /** Where a real page came from, and the bug it showed. */
  source?: string;
  cause?: string;
  title?: string;
  author?: string;
  publishedAt?: string;
  language?: string;
  siteName?: string;
  url?: string;
  textSource?: string;
  textIncludes: string[];
  textExcludes: string[];
}

const dir = join(import.meta.dirname, '..', 'fixtures', 'articles');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.html'))
  .map((f) => {
    const name = f.replace(/\.html$/, '');
    const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected;
    return { name, html: readFileSync(join(dir, f), 'utf8'), expected };
  });

describe('extractArticle on fixture pages', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)('$name', ({ html, expected }) => {
    const a = extractArticle(html, 'https://metro.example/news/123');
    for (const key of ['title', 'author', 'publishedAt', 'language', 'siteName', 'url', 'textSource'] as const) {
      if (expected[key] !== undefined) expect(a[key], key).toBe(expected[key]);
    }
    for (const s of expected.textIncludes) expect(a.text).toContain(s);
    for (const s of expected.textExcludes) expect(a.text).not.toContain(s);
  });
});

describe('extractArticle on fixture pages decoded in pieces (as the worker fetches them)', () => {
  it.each(cases)('$name: the same article as from the whole string', ({ name, html }) => {
    const bytes = readFileSync(join(dir, `${name}.html`));
    const whole = extractArticle(html, 'https://metro.example/news/123');
    for (const size of [HTML_PIECE_BYTES, 777]) {
      const { pieces } = decodeHtmlPieces(bytes, 'utf-8', size);
      if (bytes.length > size) expect(pieces.length).toBeGreaterThan(1);
      expect(extractArticle(pieces, 'https://metro.example/news/123')).toEqual(whole);
    }
  });
});
