import fs from 'node:fs';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { decodeXml } from '../../src/encoding/decode.js';
import { FeedParseError, MAX_ITEMS_PER_FEED, parseFeed } from '../../src/feed/index.js';
import { feedCorpus, listCorpusFeeds } from './corpus-files.js';

const FEED_URL = 'http://example.com/feed.xml';
const feeds = listCorpusFeeds();

describe('feed corpus', () => {
  it('has every corpus feed in its fixtures', () => {
    expect(feeds.length).toBeGreaterThan(300);
  });

  it.each(feeds.map((feed) => [feed.name, feed] as const))('%s parses or fails with one FeedParseError', async (_name, feed) => {
    const { text } = decodeXml(feed.bytes, feed.headerCharset);
    const outcome = await parseFeed(text, FEED_URL).then(
      (parsed) => ({ parsed }),
      (error: unknown) => ({ error }),
    );
    if ('error' in outcome) {
      expect(outcome.error).toBeInstanceOf(FeedParseError);
      expect((outcome.error as Error).message).toMatch(/^feed: /);
    } else {
      expect(['rss', 'atom', 'rdf', 'json']).toContain(outcome.parsed.format);
      expect(outcome.parsed.items.length).toBeLessThanOrEqual(MAX_ITEMS_PER_FEED);
      for (const item of outcome.parsed.items) {
        if (item.link) expect(item.link).toMatch(/^https?:\/\//);
        if (item.publishedAt) expect(new Date(item.publishedAt).toISOString()).toBe(item.publishedAt);
      }
    }
  });
});

interface ExpectedItem {
  title?: string;
  link?: string;
  isoDate?: string;
}

const rssParserDir = path.join(feedCorpus, 'rss-parser');
const withExpected = fs
  .readdirSync(path.join(rssParserDir, 'expected'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.replace(/\.json$/, ''))
  .sort();

/** The one input upstream serves as latin1 and whose golden file is stored in latin1. */
const LATIN1 = new Set(['encoding']);

describe('rss-parser golden files', () => {
  it.each(withExpected)('%s: titles, links and dates match upstream', async (name) => {
    const input = fs.readdirSync(path.join(rssParserDir, 'input')).find((file) => file.replace(/\.(rss|atom)$/, '') === name);
    expect(input, `input for ${name}`).toBeDefined();
    const bytes = fs.readFileSync(path.join(rssParserDir, 'input', input!));
    const expectedText = fs.readFileSync(path.join(rssParserDir, 'expected', `${name}.json`), LATIN1.has(name) ? 'latin1' : 'utf8');
    const expected = (JSON.parse(expectedText) as { feed: { items: ExpectedItem[] } }).feed.items;

    const { text } = decodeXml(bytes, LATIN1.has(name) ? 'latin1' : undefined);
    const parsed = await parseFeed(text, FEED_URL);

    expect(parsed.items).toHaveLength(Math.min(expected.length, MAX_ITEMS_PER_FEED));
    parsed.items.forEach((item, i) => {
      const want = expected[i]!;
      if (want.title) expectSameTitle(item.title, want.title);
      if (want.link) expect(item.link).toBe(new URL(want.link, FEED_URL).href);
      if (want.isoDate) expect(item.publishedAt).toBe(want.isoDate);
    });
  });

  it('rejects the HTML "Document Moved" page as not a feed', async () => {
    const bytes = fs.readFileSync(path.join(rssParserDir, 'input', 'unrecognized.rss'));
    await expect(parseFeed(decodeXml(bytes).text, FEED_URL)).rejects.toThrow(/^feed: not a feed/);
  });
});

/**
 * Upstream titles are raw: our contract additionally decodes entities,
 * drops markup (craigslist: `&#x0024;4300 ... 1930ft<sup>2</sup>`) and
 * collapses whitespace. uolNoticias is ISO-8859-1 and upstream read it as
 * UTF-8, so its golden titles hold U+FFFD where we decode `ç`, `õ`, `º`: each
 * run of U+FFFD there must be non-ASCII text here (or a space: a no-break
 * space, collapsed), and ours has no U+FFFD.
 */
function expectSameTitle(actual: string | undefined, upstream: string): void {
  const want = cheerio.load(upstream, null, false).root().text().replace(/\s+/g, ' ').trim();
  if (!want.includes('\uFFFD')) {
    expect(actual).toBe(want);
    return;
  }
  expect(actual).not.toContain('\uFFFD');
  const pattern = want
    .split(/\uFFFD+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('(?:[^\\x00-\\x7F]+| )');
  expect(actual).toMatch(new RegExp(`^${pattern}$`));
}
