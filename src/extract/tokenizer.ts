/**
 * htmlparser2's tokenizer with its hot per-character loops made native.
 *
 * Why: the tokenizer looks at every character of the page in JavaScript,
 * one state call each. Where it only waits for one of a few characters it
 * can jump there with String.prototype.indexOf instead:
 *
 * - inside <script> and <style>, to the next `<` (and to `>`, a quote or
 *   `-` elsewhere): htmlparser2's own fastForwardTo loop, made native;
 * - in text, to the next `<` or `&` (htmlparser2 steps through text one
 *   character at a time when it decodes entities, as we do);
 * - in a quoted attribute value, to its closing quote or the next `&`; and
 *   straight to the closing quote when the parser drops the value
 *   (lean-parser.ts: most attribute text on news pages is URLs, srcsets and
 *   data-* JSON nothing reads, and an entity inside a value can never hide
 *   its closing quote, so where the value ends does not depend on decoding).
 *
 * Every jump keeps htmlparser2's contract exactly: `index` ends on the
 * character found, or, when a skip lands one before it, the parse loop's own
 * step moves onto it and htmlparser2's state code handles it as before; with
 * nothing found, `index` ends on the buffer's last character. The same
 * callbacks fire at the same positions. test/extract/tokenizer.test.ts checks
 * that every fixture page parses to the same tree with and without it, also
 * split across writes (streaming).
 */
import { Tokenizer } from 'htmlparser2';

/** The private state of htmlparser2's Tokenizer this override reads and moves (htmlparser2 10). */
interface TokenizerCursor {
  buffer: string;
  index: number;
  offset: number;
  decodeEntities: boolean;
  /** The parser the tokenizer reports to. */
  cbs: Partial<SkipsAttributeValue>;
  /** Where the next of each searched character is, per character (see `nextAfter`). */
  ahead?: Map<string, Ahead>;
}

/** The first `char` at or after absolute index `from`, at absolute index `at` (Infinity: none), found in `buffer` at `offset`. */
interface Ahead {
  buffer: string;
  offset: number;
  from: number;
  at: number;
}

/** A parser (the tokenizer's callbacks) that says when the value being read is dropped unread. */
export interface SkipsAttributeValue {
  skipsAttributeValue: boolean;
}

const LT = 0x3c;
const AMP = 0x26;
const CHAR = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));

function fastForwardTo(this: TokenizerCursor, code: number): boolean {
  const found = this.buffer.indexOf(CHAR[code] ?? String.fromCharCode(code), this.index + 1 - this.offset);
  if (found >= 0) {
    this.index = found + this.offset;
    return true;
  }
  this.index = this.buffer.length + this.offset - 1;
  return false;
}

/**
 * The absolute index of the first `char` after `index`, Infinity for none.
 * Remembered per character and buffer: text and values are read forwards,
 * so each stretch is searched once, not once per stop on the way (a skip
 * stops at every `&`; searching for the next `<` afresh at each one was
 * quadratic on a page of entities with no tag for a megabyte).
 */
function nextAfter(t: TokenizerCursor, char: string): number {
  const from = t.index + 1;
  const ahead = (t.ahead ??= new Map());
  let a = ahead.get(char);
  if (a === undefined) {
    a = { buffer: '', offset: -1, from: 0, at: 0 };
    ahead.set(char, a);
  }
  if (a.buffer !== t.buffer || a.offset !== t.offset || from < a.from || a.at < from) {
    const found = t.buffer.indexOf(char, from - t.offset);
    a.buffer = t.buffer;
    a.offset = t.offset;
    a.from = from;
    a.at = found < 0 ? Infinity : found + t.offset;
  }
  return a.at;
}

/** Moves `index` to just before the first of `stop` or (when `orAmp`) `&` after it, so the parse loop's step lands on it. */
function skipToBefore(t: TokenizerCursor, stop: string, orAmp: boolean): void {
  const next = Math.min(nextAfter(t, stop), orAmp ? nextAfter(t, '&') : Infinity);
  t.index = (next === Infinity ? t.buffer.length + t.offset : next) - 1;
}

type StateText = (this: TokenizerCursor, c: number) => void;
type HandleInAttributeValue = (this: TokenizerCursor, c: number, quote: number) => void;

const stock = Tokenizer.prototype as unknown as Record<string, unknown>;
for (const name of ['fastForwardTo', 'stateText', 'handleInAttributeValue']) {
  if (typeof stock[name] !== 'function') {
    throw new Error(`htmlparser2: Tokenizer.${name} is gone; src/extract/tokenizer.ts needs a look after the upgrade`);
  }
}
const stockStateText = stock['stateText'] as StateText;
const stockHandleInAttributeValue = stock['handleInAttributeValue'] as HandleInAttributeValue;

function stateText(this: TokenizerCursor, c: number): void {
  // A character that is neither starts nothing: skip to the next one that may.
  if (this.decodeEntities && c !== LT && c !== AMP) skipToBefore(this, '<', true);
  else stockStateText.call(this, c);
}

function handleInAttributeValue(this: TokenizerCursor, c: number, quote: number): void {
  if (c === quote) stockHandleInAttributeValue.call(this, c, quote);
  else if (this.cbs.skipsAttributeValue === true) skipToBefore(this, CHAR[quote]!, false);
  else if (this.decodeEntities && c !== AMP) skipToBefore(this, CHAR[quote]!, true);
  else stockHandleInAttributeValue.call(this, c, quote);
}

/** Pass as the `Tokenizer` parser option. */
export class IndexOfTokenizer extends Tokenizer {}

// The methods are private in htmlparser2's typings, so they are replaced on the prototype rather than overridden in the class body.
for (const [name, value] of Object.entries({ fastForwardTo, stateText, handleInAttributeValue })) {
  Object.defineProperty(IndexOfTokenizer.prototype, name, { value, writable: true, configurable: true });
}
