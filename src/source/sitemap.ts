/**
 * Sitemaps → entries (pure). Reads the sitemap protocol (sitemaps.org 0.9:
 * `<urlset>` of `<url><loc><lastmod>`, and `<sitemapindex>` of
 * `<sitemap><loc><lastmod>`) and the Google News extension (`<news:news>`
 * with `<news:title>`, `<news:publication_date>`, `<news:language>` inside
 * `<news:publication>`).
 *
 * Rules:
 * 1. htmlparser2 in XML mode, streamed: it decodes the five XML entities and
 *    character references and never reads a DTD or expands a declared
 *    entity, so no billion laughs and no XXE. Elements are matched by local
 *    name (the prefix a site binds to the news namespace varies).
 * 2. At most MAX_SITEMAP_ENTRIES entries are built; the rest of a huge file is
 *    scanned but never turned into objects.
 * 3. A gzip-compressed sitemap (`.xml.gz`, served as a file rather than with
 *    Content-Encoding) is inflated with a cap on its output: a gzip bomb stops
 *    at the cap with a clear error.
 */
import { gunzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';
import { toIsoDate } from '../time/iso-date.js';

/** The protocol allows 50,000 URLs per file: that many, and no more, are read. */
export const MAX_SITEMAP_ENTRIES = 50_000;

export interface SitemapEntry {
  loc: string;
  /** ISO 8601 when the sitemap gave a readable date. */
  lastmod?: string;
  /** Google News: the story's headline, publication date and language. */
  title?: string;
  publishedAt?: string;
  language?: string;
}

export interface ParsedSitemap {
  kind: 'urlset' | 'index';
  entries: SitemapEntry[];
}

export class SitemapError extends Error {}

const GZIP_MAGIC = [0x1f, 0x8b];

export function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === GZIP_MAGIC[0] && body[1] === GZIP_MAGIC[1];
}

/** Inflates a gzip-compressed sitemap, refusing past `maxBytes` of output. */
export function gunzipCapped(body: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(body, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new SitemapError(`sitemap: gzip body exceeds ${maxBytes} bytes when inflated`);
    }
    throw new SitemapError(`sitemap: broken gzip body (${(err as Error).message})`);
  }
}

/** The root element's local name decides: `urlset` or `sitemapindex`. */
export function sitemapRootKind(rootName: string | undefined): ParsedSitemap['kind'] | undefined {
  const local = rootName?.toLowerCase().replace(/^.*:/, '');
  if (local === 'urlset') return 'urlset';
  if (local === 'sitemapindex') return 'index';
  return undefined;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return (colon < 0 ? name : name.slice(colon + 1)).toLowerCase();
}

/** Parses a sitemap or sitemap index. Throws a `SitemapError` (message starts `sitemap:`) for anything else. */
export function parseSitemap(xml: string, maxEntries = MAX_SITEMAP_ENTRIES): ParsedSitemap {
  let kind: ParsedSitemap['kind'] | undefined;
  let rootSeen = false;
  const entries: SitemapEntry[] = [];
  const path: string[] = [];
  let current: Record<string, string> | undefined;
  let text = '';

  const parser = new Parser(
    {
      onopentag(name) {
        const local = localName(name);
        if (!rootSeen) {
          rootSeen = true;
          kind = sitemapRootKind(name);
          if (!kind) throw new SitemapError(`sitemap: not a sitemap (root element <${name}>)`);
        }
        path.push(local);
        if (path.length === 2 && (local === 'url' || local === 'sitemap')) current = {};
        text = '';
      },
      ontext(chunk) {
        if (current) text += chunk;
      },
      onclosetag() {
        const local = path.pop();
        if (!current || local === undefined) return;
        if (path.length === 1) {
          // The entry itself closes.
          if (current.loc && entries.length < maxEntries) entries.push(toEntry(current));
          current = undefined;
        } else if (local === 'loc' || local === 'lastmod' || local === 'title' || local === 'publication_date' || local === 'language') {
          // news:publication holds news:name and news:language; a <loc> nested deeper (image:loc) is not the page's.
          if (local === 'loc' && path.length !== 2) return;
          current[local] ??= text.trim();
        }
        text = '';
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  if (!kind) throw new SitemapError('sitemap: not a sitemap (no root element)');
  return { kind, entries };
}

function toEntry(raw: Record<string, string>): SitemapEntry {
  const entry: SitemapEntry = { loc: raw.loc! };
  const lastmod = toIsoDate(raw.lastmod);
  if (lastmod) entry.lastmod = lastmod;
  if (raw.title) entry.title = raw.title;
  const published = toIsoDate(raw.publication_date);
  if (published) entry.publishedAt = published;
  if (raw.language) entry.language = raw.language;
  return entry;
}
