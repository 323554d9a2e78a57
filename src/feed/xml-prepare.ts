/**
 * Text-level preparation of an XML feed before xml2js sees it: remove the
 * DOCTYPE (so no DTD or internal entity can ever be used), find the root
 * element, cut oversized feeds, and the lenient repairs tried after a
 * strict parse fails.
 */

/** Items kept per feed; the rest of a huge feed is never built into objects. */
export const MAX_ITEMS_PER_FEED = 500;

/** Prolog constructs that may precede the root element. */
const PROLOG_ITEM_RE = /\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/iy;

/**
 * Replaces the DOCTYPE before the root element with as many newlines as it
 * spanned: sax never fetches DTDs, but stripping it also guarantees no
 * entity declared in an internal subset is ever expanded, and keeps line
 * numbers in error messages right. Only the prolog is scanned, so the cost
 * stays linear whatever the body holds.
 */
export function stripDoctype(xml: string): string {
  const { doctypes } = scanProlog(xml);
  if (doctypes.length === 0) return xml;
  let out = '';
  let from = 0;
  for (const [start, end] of doctypes) {
    out += xml.slice(from, start) + '\n'.repeat(countNewlines(xml.slice(start, end)));
    from = end;
  }
  return out + xml.slice(from);
}

/** The name of the first element after the prolog (`rss`, `feed`, `rdf:RDF`, `html`), if any. */
export function rootElementName(xml: string): string | undefined {
  const { rootIndex } = scanProlog(xml);
  return /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(rootIndex, rootIndex + 200))?.[1];
}

function scanProlog(xml: string): { rootIndex: number; doctypes: Array<[number, number]> } {
  const doctypes: Array<[number, number]> = [];
  let pos = 0;
  // Each step consumes at least one character, so the walk ends.
  for (;;) {
    PROLOG_ITEM_RE.lastIndex = pos;
    const m = PROLOG_ITEM_RE.exec(xml);
    if (!m || m[0].length === 0) break;
    if (/^<!DOCTYPE/i.test(m[0])) doctypes.push([pos, PROLOG_ITEM_RE.lastIndex]);
    pos = PROLOG_ITEM_RE.lastIndex;
  }
  return { rootIndex: pos, doctypes };
}

const ITEM_END_RE = /<\/(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>/g;

/**
 * Keeps the first `max` items of a feed: the text up to the end of item
 * `max`, then whatever follows the last item (the closing tags), so the
 * result is still well-formed and xml2js never builds 100,000 objects.
 */
export function truncateItems(xml: string, max = MAX_ITEMS_PER_FEED): string {
  ITEM_END_RE.lastIndex = 0;
  let count = 0;
  let cutAt = -1;
  let lastEnd = -1;
  for (let m = ITEM_END_RE.exec(xml); m; m = ITEM_END_RE.exec(xml)) {
    count += 1;
    const end = m.index + m[0].length;
    if (count === max) cutAt = end;
    lastEnd = end;
  }
  if (count <= max || cutAt < 0) return xml;
  return xml.slice(0, cutAt) + xml.slice(lastEnd);
}

/** The five entities XML defines; any other name needs a DTD we never read. */
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/**
 * Lenient repairs for real-world feeds that are not well-formed: a bare `&`
 * (unescaped query strings) becomes `&amp;`, and a named entity XML does
 * not define is kept as literal text (`&amp;name;`) unless it is an HTML
 * entity, decoded by `decodeHtmlEntity`. Never expands user-declared entities.
 */
export function repairXml(xml: string, decodeHtmlEntity: (name: string) => string | undefined): string {
  return xml.replace(/&(#\d{1,7};|#x[0-9a-fA-F]{1,6};|[A-Za-z][\w.-]{0,31};)?/g, (whole, ref: string | undefined) => {
    if (!ref) return '&amp;';
    if (ref.startsWith('#')) return whole;
    const name = ref.slice(0, -1);
    if (XML_ENTITIES.has(name)) return whole;
    const decoded = decodeHtmlEntity(name);
    return decoded === undefined ? `&amp;${ref}` : escapeXmlText(decoded);
  });
}

function escapeXmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

/**
 * Atom quirks that make rss-parser throw for the whole feed: a `<link>`
 * without attributes (it reads `link.$.rel`), and a `<published>` or
 * `<updated>` that `Date` cannot read (it calls `toISOString()` on it).
 * An empty `<entry/>` fails the same way (xml2js turns it into '', whose
 * `.link` is `String.prototype.link`). The link text becomes its `href`;
 * the unreadable date and the empty entry are dropped.
 */
export function repairAtom(xml: string): string {
  return xml
    .replace(/<link\s*\/>/g, '')
    .replace(/<link\s*>([^<]*)<\/link>/g, (_, href: string) => (href.trim() ? `<link href="${attr(href.trim())}"/>` : ''))
    .replace(/<(published|updated)(\s[^>]*)?>([^<]*)<\/\1>/g, (whole, _tag, _attrs, value: string) =>
      Number.isNaN(new Date(value.trim()).getTime()) ? '' : whole,
    )
    .replace(/<entry(\s[^>]*)?(\/>|>\s*<\/entry>)/g, '');
}

function attr(text: string): string {
  return text.replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
