import { FeedParseError } from './errors.js';
import { parseJsonFeed } from './json.js';
import type { ParsedFeed } from './types.js';
import { parseXmlFeed } from './xml.js';
import { rootElementName } from './xml-prepare.js';

const HTML_ROOTS = new Set(['html', 'head', 'body']);

/**
 * Parses a decoded feed body of any supported format. The format comes from
 * the body itself, never from the content type, which servers often get wrong.
 * Every failure is one FeedParseError whose message starts with `feed: `.
 */
export async function parseFeed(text: string, feedUrl: string): Promise<ParsedFeed> {
  try {
    return await parseDetected(text, feedUrl);
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new FeedParseError(`unreadable feed (${detail.split('\n')[0]})`, { cause: error });
  }
}

async function parseDetected(text: string, feedUrl: string): Promise<ParsedFeed> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(body)?.[0];
  if (first === undefined) throw new FeedParseError('empty body');
  if (first === '{' || first === '[') return parseJsonFeed(body, feedUrl);
  if (first !== '<') throw new FeedParseError('not a feed (neither XML nor JSON)');
  const root = rootElementName(body);
  if (!root) throw new FeedParseError('malformed XML (no root element)');
  const local = root.toLowerCase();
  if (HTML_ROOTS.has(local)) throw new FeedParseError('not a feed (looks like HTML)');
  if (local === 'rss') return parseXmlFeed(body, feedUrl, 'rss');
  if (local === 'feed') return parseXmlFeed(body, feedUrl, 'atom');
  if (local === 'rdf:rdf') return parseXmlFeed(body, feedUrl, 'rdf');
  throw new FeedParseError(`not a feed (root element <${root.slice(0, 40)}>)`);
}
