import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeXml } from '../../src/encoding/decode.js';
import { FeedParseError, parseFeed } from '../../src/feed/index.js';
import { repoRoot } from './corpus-files.js';

const FEED_URL = 'https://example.org/feeds/world.xml';
const fixture = (name: string): Buffer => fs.readFileSync(path.join(repoRoot, 'test/fixtures/feeds', name));
const parseFixture = (name: string, charset?: string) => parseFeed(decodeXml(fixture(name), charset).text, FEED_URL);

describe('parseFeed: RSS 2.0', () => {
  it('maps every field of an item', async () => {
    const feed = await parseFixture('rss-2.0.xml');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Example & World');
    expect(feed.ttlMinutes).toBe(15);
    expect(feed.items[0]).toEqual({
      guid: 'story-1234',
      link: 'https://example.org/2026/11/witkoff-hayya',
      title: 'Witkoff to meet Hamas negotiator',
      author: 'Jane Reporter',
      publishedAt: '2026-11-26T05:40:00.000Z',
      contentText: 'Steve Witkoff met Khalil al-Hayya.\nTalks went on.',
    });
  });

  it('repairs a bare ampersand instead of rejecting the feed', async () => {
    const feed = await parseFixture('rss-2.0.xml');
    expect(feed.items[1]?.link).toBe('https://example.org/search?a=1&b=2');
  });

  it('uses a permalink guid as the link and drops an unparseable date', async () => {
    const item = (await parseFixture('rss-2.0.xml')).items[2];
    expect(item?.link).toBe('https://example.org/permalink/3');
    expect(item?.title).toBeUndefined();
    expect(item?.publishedAt).toBeUndefined();
  });
});

describe('parseFeed: Atom and RSS 1.0', () => {
  it('maps an Atom entry (published wins over updated, html title stripped)', async () => {
    const feed = await parseFixture('atom.xml');
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Atom Example');
    expect(feed.items).toEqual([
      {
        guid: 'urn:uuid:entry-1',
        link: 'https://example.org/atom/1',
        title: 'Kushner joins talks',
        author: 'A. Writer',
        publishedAt: '2026-11-26T03:30:00.000Z',
        contentText: 'Jared Kushner joins.',
      },
    ]);
  });

  it('maps an RDF item with dc:date and dc:creator', async () => {
    const feed = await parseFixture('rdf.xml');
    expect(feed.format).toBe('rdf');
    expect(feed.items[0]).toMatchObject({
      link: 'https://example.org/rdf/1',
      title: 'RDF item',
      author: 'RDF Author',
      publishedAt: '2026-11-26T05:40:00.000Z',
      contentText: 'RDF body',
    });
  });
});

describe('parseFeed: JSON Feed', () => {
  it('parses JSON Feed 1.0', async () => {
    const feed = await parseFixture('json-feed-1.0.json');
    expect(feed).toEqual({
      format: 'json',
      title: 'Example Wire',
      items: [
        {
          guid: 'https://example.org/2026/11/witkoff',
          link: 'https://example.org/2026/11/witkoff?utm_source=feed',
          title: 'Witkoff & al-Hayya meet',
          author: 'Jane Reporter',
          publishedAt: '2026-11-26T05:40:00.000Z',
          contentText: 'Steve Witkoff met Khalil al-Hayya.\nSecond paragraph.',
        },
        {
          guid: '42',
          link: 'https://other.example.com/story',
          publishedAt: '2026-11-25T10:00:00.000Z',
          contentText: 'Plain text body.',
        },
      ],
    });
  });

  it('parses JSON Feed 1.1 (authors[], summary, bad date dropped)', async () => {
    const feed = await parseFixture('json-feed-1.1.json');
    expect(feed.items).toEqual([
      { guid: 'item-1', link: 'https://example.org/a', title: 'First', author: 'Second Author', contentText: 'A summary with markup.' },
    ]);
  });

  it('judges by the body, not the content type (text/html, with a BOM)', async () => {
    const feed = await parseFixture('json-feed-served-as-html.json', 'utf-8');
    expect(feed.format).toBe('json');
    expect(feed.items[0]?.title).toBe('Caf\u00e9 \u00fcber');
  });

  it('rejects broken JSON with one clear error', async () => {
    await expect(parseFixture('json-broken.json')).rejects.toThrow(/^feed: malformed JSON/);
  });

  it('rejects JSON that is not a feed', async () => {
    await expect(parseFixture('json-not-a-feed.json')).rejects.toThrow(/^feed: not a feed/);
  });
});

describe('parseFeed: bodies that are not feeds', () => {
  it.each([
    ['', /^feed: empty body$/],
    ['  \n\t ', /^feed: empty body$/],
    ['Service Unavailable', /^feed: not a feed/],
    ['<?xml version="1.0"?><opml version="2.0"><body/></opml>', /^feed: not a feed \(root element <opml>\)$/],
    ['<rss version="2.0"><channel><title>x</title></channel>', /^feed: malformed XML/],
    ['<rss version="2.0">\n<channel>\n<title>x</titel>\n</channel></rss>', /^feed: malformed XML at line 3: /],
  ])('%j fails with a FeedParseError', async (body, message) => {
    const error = await parseFeed(body, FEED_URL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedParseError);
    expect((error as Error).message).toMatch(message);
  });

  it('says an HTML page looks like HTML', async () => {
    await expect(parseFixture('html-page.html')).rejects.toThrow('feed: not a feed (looks like HTML)');
  });

  it('survives invalid UTF-8 bytes (replaced, not fatal)', async () => {
    const feed = await parseFixture('invalid-utf8.xml');
    expect(feed.title).toBe('Bad \ufffd\ufffd bytes');
    expect(feed.items[0]?.title).toBe('Caf\ufffd \u00e9t\u00e9');
  });
});
