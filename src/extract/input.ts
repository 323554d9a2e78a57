/**
 * Bounds the raw HTML before it reaches the parser.
 *
 * Why: htmlparser2 is quadratic on very deep nesting (100,000 nested <div>s
 * take ~5 s, and minutes for unmatched tags it never closes), and a page of
 * tens of megabytes costs seconds to parse although the story sits near its
 * top. Browsers cap DOM depth too (Blink: 512), so flattening the excess
 * changes nothing a reader sees. The depth is counted exactly as htmlparser2
 * nests (nesting.ts).
 */
import { capNestingHtmlparser2 } from './nesting.js';

/** Characters of HTML kept; the rest is cut off (articles sit near the top). */
export const MAX_INPUT_CHARS = 5_000_000;
/** Open elements nested deeper than this have their tags removed (their text stays). */
export const MAX_NESTING_DEPTH = 400;

/** The first MAX_INPUT_CHARS characters. */
export function capSize(html: string): string {
  return html.length > MAX_INPUT_CHARS ? html.slice(0, MAX_INPUT_CHARS) : html;
}

/** `capSize` for HTML in pieces: the pieces that make up its first MAX_INPUT_CHARS characters. */
export function capSizePieces(pieces: readonly string[]): readonly string[] {
  let total = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (total + piece.length > MAX_INPUT_CHARS) return [...pieces.slice(0, i), piece.slice(0, MAX_INPUT_CHARS - total)];
    total += piece.length;
  }
  return pieces;
}

/** Returns HTML safe to hand to htmlparser2: size-capped and nesting-capped (the same string for ordinary pages). */
export function prepareHtml(html: string): string {
  return capNestingHtmlparser2(capSize(html), MAX_NESTING_DEPTH);
}
