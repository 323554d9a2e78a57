/**
 * Bounds the raw HTML before it reaches the parser.
 *
 * Why: both parsers are quadratic on very deep nesting (parse5: 100,000
 * nested <div>s take ~50 s; htmlparser2: ~5 s, and minutes for unmatched
 * tags it never closes), and a page of tens of megabytes costs seconds to
 * parse although the story sits near its top. Browsers cap DOM depth too
 * (Blink: 512), so flattening the excess changes nothing a reader sees.
 *
 * The depth is counted the way the chosen parser nests: htmlparser2's rules
 * are simple enough to mirror exactly (nesting.ts); for parse5 a naive count
 * that leaves out elements parse5 closes implicitly.
 */
import type { load } from 'cheerio';
import { capNestingHtmlparser2 } from './nesting.js';

export type HtmlParser = 'parse5' | 'htmlparser2';
export const DEFAULT_PARSER: HtmlParser = 'htmlparser2';

/** cheerio.load options selecting the parser. */
export function parserOptions(parser: HtmlParser = DEFAULT_PARSER): Parameters<typeof load>[1] {
  return parser === 'htmlparser2' ? { xml: { xmlMode: false, decodeEntities: true } } : {};
}

/** Characters of HTML kept; the rest is cut off (articles sit near the top). */
export const MAX_INPUT_CHARS = 5_000_000;
/** Open elements nested deeper than this have their tags removed (their text stays). */
export const MAX_NESTING_DEPTH = 400;

// Elements that never hold children, or whose end tag is commonly omitted, so
// they must not count towards the naive depth.
const NO_DEPTH = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source',
  'track', 'wbr', 'keygen', 'command', 'basefont', 'bgsound', 'frame', 'image',
  'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot',
  'colgroup', 'caption', 'rb', 'rt', 'rtc', 'rp', 'html', 'head', 'body',
]);
// Raw-text elements: their content is not markup.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'plaintext', 'iframe']);

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(\/?)>/g;

/** The first MAX_INPUT_CHARS characters. */
export function capSize(html: string): string {
  return html.length > MAX_INPUT_CHARS ? html.slice(0, MAX_INPUT_CHARS) : html;
}

/** Returns HTML safe to hand to `parser`: size-capped, nesting-capped (and NUL-free for parse5). */
export function prepareHtml(html: string, parser: HtmlParser = DEFAULT_PARSER): string {
  let s = capSize(html);
  if (parser === 'htmlparser2') return capNestingHtmlparser2(s, MAX_NESTING_DEPTH);
  // NULs and other binary noise would otherwise survive into text nodes. (On
  // htmlparser2's path the text we output is cleaned instead: normalizeSpace.)
  if (s.includes('\u0000')) s = s.replace(/\u0000/g, '');
  return capNesting(s);
}

/**
 * parse5's nesting cap. Lexical pass: counts open minus closed container
 * tags; tags past MAX_NESTING_DEPTH are dropped, and as many later end tags
 * with them. "/>" closes only in SVG/MathML (parse5 ignores it on HTML
 * elements). Runs in linear time; leaves ordinary pages untouched (returns
 * the same string).
 */
export function capNesting(html: string): string {
  const out: string[] = [];
  let depth = 0;
  let foreign = 0;
  let dropped = 0;
  let last = 0;
  TAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG.exec(html)) !== null) {
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    // In SVG/MathML (or self-closed) these are ordinary elements.
    if (!closing && RAW_TEXT.has(name) && m[3] !== '/' && foreign === 0) {
      // Skip to the matching end tag: what is inside is not markup.
      const endTag = new RegExp(`</${name}`, 'ig');
      endTag.lastIndex = TAG.lastIndex;
      const end = endTag.exec(html);
      TAG.lastIndex = end === null ? html.length : end.index;
      continue;
    }
    const isForeign = name === 'svg' || name === 'math';
    if (isForeign && m[3] !== '/') foreign = Math.max(0, foreign + (closing ? -1 : 1));
    if (NO_DEPTH.has(name) || (m[3] === '/' && (foreign > 0 || isForeign))) continue;
    if (closing) {
      if (dropped > 0 && depth > MAX_NESTING_DEPTH) {
        dropped--;
        out.push(html.slice(last, m.index));
        last = m.index + m[0].length;
      }
      if (depth > 0) depth--;
      continue;
    }
    depth++;
    if (depth > MAX_NESTING_DEPTH) {
      dropped++;
      out.push(html.slice(last, m.index));
      last = m.index + m[0].length;
    }
  }
  if (out.length === 0) return html;
  out.push(html.slice(last));
  return out.join('');
}
