import { z } from 'zod';
import { FeedParseError } from './errors.js';
import { MAX_ITEMS_PER_FEED } from './xml-prepare.js';
import { guidAsLink } from './links.js';
import { resolveHttpUrl } from '../url/resolve.js';
import { toIsoDate } from '../time/iso-date.js';
import { htmlToText, MAX_CONTENT_CHARS, toTitle } from './text.js';
import type { FeedItem, ParsedFeed } from './types.js';

/** A field of the wrong type is dropped, not fatal: one odd item must not cost the feed. */
const optionalString = z.string().optional().catch(undefined);
const author = z.looseObject({ name: optionalString }).optional().catch(undefined);

const jsonFeedItem = z.looseObject({
  id: z.union([z.string(), z.number()]).optional().catch(undefined),
  url: optionalString,
  external_url: optionalString,
  title: optionalString,
  content_html: optionalString,
  content_text: optionalString,
  summary: optionalString,
  date_published: optionalString,
  date_modified: optionalString,
  author,
  authors: z.array(z.unknown()).optional().catch(undefined),
});

const jsonFeed = z.looseObject({
  version: z.string().regex(/^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/),
  title: optionalString,
  items: z.array(z.unknown()),
});

/** Parses a JSON Feed 1.0/1.1 document. */
export function parseJsonFeed(text: string, feedUrl: string): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(`malformed JSON (${error instanceof Error ? error.message : 'unparseable'})`, { cause: error });
  }
  const parsed = jsonFeed.safeParse(data);
  if (!parsed.success) throw new FeedParseError('not a feed (JSON without a JSON Feed version and items)');
  const items: FeedItem[] = [];
  for (const rawItem of parsed.data.items.slice(0, MAX_ITEMS_PER_FEED)) {
    const item = jsonFeedItem.safeParse(rawItem);
    if (item.success) items.push(mapItem(item.data, feedUrl));
  }
  const feed: ParsedFeed = { format: 'json', items };
  if (parsed.data.title) feed.title = toTitle(parsed.data.title);
  return feed;
}

function mapItem(raw: z.infer<typeof jsonFeedItem>, feedUrl: string): FeedItem {
  const item: FeedItem = {};
  const guid = raw.id === undefined ? undefined : String(raw.id).trim();
  if (guid) item.guid = guid;
  const link = resolveHttpUrl(raw.url, feedUrl) ?? resolveHttpUrl(raw.external_url, feedUrl) ?? guidAsLink(guid);
  if (link) item.link = link;
  if (raw.title && toTitle(raw.title)) item.title = toTitle(raw.title);
  const name = raw.author?.name ?? firstAuthorName(raw.authors);
  if (name && toTitle(name)) item.author = toTitle(name);
  const publishedAt = toIsoDate(raw.date_published) ?? toIsoDate(raw.date_modified);
  if (publishedAt) item.publishedAt = publishedAt;
  const contentText = raw.content_text
    ? raw.content_text.trim().slice(0, MAX_CONTENT_CHARS)
    : htmlToText(raw.content_html ?? raw.summary ?? '');
  if (contentText) item.contentText = contentText;
  return item;
}

/** JSON Feed 1.1 replaced `author` with `authors`; the first named one stands for the item. */
function firstAuthorName(authors: unknown[] | undefined): string | undefined {
  for (const entry of authors ?? []) {
    const parsed = author.safeParse(entry);
    if (parsed.success && parsed.data?.name) return parsed.data.name;
  }
  return undefined;
}
