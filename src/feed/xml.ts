import Parser from 'rss-parser';
import * as cheerio from 'cheerio';
import { FeedParseError } from './errors.js';
import { guidAsLink } from './links.js';
import { resolveHttpUrl } from '../url/resolve.js';
import { toIsoDate } from '../time/iso-date.js';
import { htmlToText, toTitle } from './text.js';
import type { FeedItem, ParsedFeed } from './types.js';
import { MAX_ITEMS_PER_FEED, repairAtom, repairXml, stripDoctype, truncateItems } from './xml-prepare.js';
import { detachString } from '../text/detach.js';

type RawItem = Parser.Item & Record<string, unknown>;
type RawFeed = Parser.Output<Record<string, unknown>> & Record<string, unknown>;

/**
 * `defaultRSS: 2` reads an `<rss>` without a version as RSS 2.0 (many real
 * feeds omit it; rss-parser otherwise rejects them).
 */
function newParser(): Parser {
  return new Parser({ defaultRSS: 2 });
}

// One instance, as rss-parser intends. It is replaced after a failed parse
// because xml2js may leave listeners or half-built state behind on errors.
let parser = newParser();

/** Parses an RSS 0.9x/1.0/2.0 or Atom document (already decoded to text). */
export async function parseXmlFeed(text: string, feedUrl: string, format: ParsedFeed['format']): Promise<ParsedFeed> {
  const trimmed = truncateItems(stripDoctype(text));
  const prepared = format === 'atom' ? repairAtom(trimmed) : ensureChannel(trimmed);
  let raw: RawFeed;
  try {
    raw = await runParser(prepared);
  } catch (strictError) {
    // The root name was checked already; rss-parser says "not recognized"
    // only when that root is empty (`<feed/>`): a feed with no items.
    if (isNotRecognized(strictError)) return { format, items: [] };
    // Real feeds carry bare `&` and HTML entities; retry once with those repaired.
    const repaired = repairXml(prepared, decodeHtmlEntity);
    if (repaired === prepared) throw toFeedError(strictError);
    try {
      raw = await runParser(repaired);
    } catch {
      throw toFeedError(strictError);
    }
  }
  return mapFeed(raw, feedUrl, format);
}

/**
 * An `<rss>` or `<rdf:RDF>` with no `<channel>` is an empty feed, but
 * rss-parser dereferences the channel unconditionally; give it an empty one.
 */
function ensureChannel(xml: string): string {
  if (/<(?:[\w.-]+:)?channel[\s>/]/.test(xml)) return xml;
  const rootStart = /<(rss|rdf:RDF)\b([^>]*?)(\/?)>/i.exec(xml);
  if (!rootStart) return xml;
  const at = rootStart.index + rootStart[0].length;
  const opened = rootStart[3] === '/' ? `<${rootStart[1]}${rootStart[2]}><channel/></${rootStart[1]}>` : `${rootStart[0]}<channel/>`;
  return xml.slice(0, rootStart.index) + opened + xml.slice(at);
}

/** Runs rss-parser so that whatever it does on bad input (throw, reject a non-Error, call back twice) settles once. */
async function runParser(xml: string): Promise<RawFeed> {
  try {
    return (await parser.parseString(xml)) as RawFeed;
  } catch (error) {
    parser = newParser();
    throw error;
  }
}

function isNotRecognized(error: unknown): boolean {
  return error instanceof Error && /not recognized/i.test(error.message);
}

function toFeedError(error: unknown): FeedParseError {
  const message = error instanceof Error ? error.message : String(error);
  const sax = /^(.*?)\s*\nLine: (\d+)\s*\nColumn: (\d+)/.exec(message);
  if (sax) {
    const line = Number(sax[2]) + 1;
    return new FeedParseError(`malformed XML at line ${line}: ${sax[1]!.toLowerCase()}`, { cause: error });
  }
  if (/Unable to parse XML/.test(message)) {
    return new FeedParseError('malformed XML (incomplete document or no root element)', { cause: error });
  }
  if (/not recognized/i.test(message)) return new FeedParseError('not a feed (unknown XML format)', { cause: error });
  return new FeedParseError(`malformed XML: ${message.split('\n')[0]}`, { cause: error });
}

/** Decoded HTML entities by name, shared across feeds; a key is detached, or it would keep its whole feed alive. */
const entityCache = new Map<string, string | undefined>();

function decodeHtmlEntity(name: string): string | undefined {
  if (entityCache.has(name)) return entityCache.get(name);
  const decoded = cheerio.load(`&${name};`, null, false).root().text();
  const result = decoded === `&${name};` ? undefined : decoded;
  if (entityCache.size < 1000) entityCache.set(detachString(name), result);
  return result;
}

function mapFeed(raw: RawFeed, feedUrl: string, format: ParsedFeed['format']): ParsedFeed {
  const items = (Array.isArray(raw.items) ? raw.items : [])
    .slice(0, MAX_ITEMS_PER_FEED)
    .map((item) => mapItem(item as RawItem, feedUrl));
  const feed: ParsedFeed = { format, items };
  const title = stringOf(raw.title);
  if (title) feed.title = toTitle(title);
  const ttl = Number.parseInt(stringOf(raw.ttl) ?? '', 10);
  if (Number.isFinite(ttl) && ttl > 0) feed.ttlMinutes = ttl;
  return feed;
}

function mapItem(raw: RawItem, feedUrl: string): FeedItem {
  const item: FeedItem = {};
  const guid = (stringOf(raw.guid) ?? stringOf(raw.id))?.trim();
  if (guid) item.guid = guid;
  const link = resolveHttpUrl(stringOf(raw.link), feedUrl) ?? guidAsLink(guid);
  if (link) item.link = link;
  const title = stringOf(raw.title);
  if (title && toTitle(title)) item.title = toTitle(title);
  const author = stringOf(raw.creator) ?? stringOf(raw.author);
  if (author && toTitle(author)) item.author = toTitle(author);
  const publishedAt = toIsoDate(raw.isoDate) ?? toIsoDate(stringOf(raw.pubDate)) ?? toIsoDate(stringOf(raw.date));
  if (publishedAt) item.publishedAt = publishedAt;
  const body = stringOf(raw['content:encoded']) ?? stringOf(raw.content) ?? stringOf(raw.summary);
  const contentText = body ? htmlToText(body) : undefined;
  if (contentText) item.contentText = contentText;
  return item;
}

/** xml2js yields strings, `{_: text, $: attrs}` objects or arrays of them; take the text. */
function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return stringOf(value[0]);
  if (value && typeof value === 'object' && '_' in value) return stringOf((value as { _: unknown })._);
  return undefined;
}
