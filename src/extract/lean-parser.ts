/**
 * htmlparser2's Parser keeping only the attributes extraction reads.
 *
 * Why: pages carry many attributes nothing here reads (data-*, src, srcset,
 * onclick, SVG path data, the href of every link), and the parser builds
 * each value from slices and stores it on the element's attribute object,
 * whose shape then changes per element. Skipping them is parse work the bare
 * parse does and extraction does not need.
 *
 * The tree is otherwise the same: same elements, text and comments.
 * test/extract/parse.test.ts checks the kept attributes against stock htmlparser2.
 */
import { Parser } from 'htmlparser2';
import type { SkipsAttributeValue } from './tokenizer.js';

/** Every attribute src/extract reads (clean.ts scanAttrs, page-facts.ts, lead.ts). */
export const KEPT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'class', 'id', 'role', 'itemprop', 'style', 'hidden', 'aria-hidden', 'type', 'lang', 'xml:lang',
  'content', 'property', 'name', 'http-equiv', 'rel', 'href', 'datetime',
]);

/** The private state of htmlparser2's Parser this subclass reads and resets (htmlparser2 10). */
interface ParserState {
  tagname: string;
  attribname: string;
  attribvalue: string;
  endIndex: number;
}

export class LeanParser extends Parser implements SkipsAttributeValue {
  /** The attribute being read is one to drop: the tokenizer (tokenizer.ts) skips its value unread. */
  skipsAttributeValue = false;

  override onattribname(start: number, endIndex: number): void {
    super.onattribname(start, endIndex);
    const state = this as unknown as ParserState;
    const name = state.attribname;
    // Only <link> has an href extraction reads (the canonical URL).
    this.skipsAttributeValue = !KEPT_ATTRIBUTES.has(name) || (name === 'href' && state.tagname !== 'link');
  }

  override onattribdata(start: number, endIndex: number): void {
    if (!this.skipsAttributeValue) super.onattribdata(start, endIndex);
  }

  override onattribentity(cp: number): void {
    if (!this.skipsAttributeValue) super.onattribentity(cp);
  }

  override onattribend(quote: Parameters<Parser['onattribend']>[0], endIndex: number): void {
    if (!this.skipsAttributeValue) {
      super.onattribend(quote, endIndex);
      return;
    }
    const state = this as unknown as ParserState;
    state.endIndex = endIndex;
    state.attribvalue = '';
    this.skipsAttributeValue = false;
  }
}
