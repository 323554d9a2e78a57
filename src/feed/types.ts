/** One item of any feed format (RSS 0.9x/1.0/2.0, Atom, JSON Feed), in one shape. */
export interface FeedItem {
  /** guid / Atom id / JSON Feed id, when the feed gives one. */
  guid?: string;
  /** Absolute URL, resolved against the feed URL. */
  link?: string;
  title?: string;
  author?: string;
  /** ISO 8601, when the item has a parseable date. */
  publishedAt?: string;
  /** The item's own content as plain text (description / content / summary), for fallback. */
  contentText?: string;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title?: string;
  /** RSS <ttl> in minutes, when given. */
  ttlMinutes?: number;
  items: FeedItem[];
}
