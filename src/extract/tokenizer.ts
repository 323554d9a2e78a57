/**
 * htmlparser2's tokenizer with one hot loop made native.
 *
 * Why: the tokenizer skips to the next `<` inside <script> and <style>
 * (and to `>`, a quote or `-` elsewhere) with a charCodeAt loop in
 * JavaScript. News pages carry hundreds of kilobytes of inline script, so
 * that loop alone was an eighth of the worker's CPU per article in the burst
 * profile. String.prototype.indexOf does the same search natively.
 *
 * The override keeps htmlparser2's contract exactly: `index` ends on the
 * character found (the parse loop steps past it), or on the buffer's last
 * character when there is none. test/extract/tokenizer.test.ts checks that
 * every fixture page parses to the same tree with and without it, and that
 * a page split across writes (streaming) does too.
 */
import { Tokenizer } from 'htmlparser2';

/** The private state of htmlparser2's Tokenizer this override reads and moves (htmlparser2 10). */
interface TokenizerCursor {
  buffer: string;
  index: number;
  offset: number;
}

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

/** Pass as the `Tokenizer` parser option. */
export class IndexOfTokenizer extends Tokenizer {}

// The method is private in htmlparser2's typings, so it is replaced on the prototype rather than overridden in the class body.
if (typeof (Tokenizer.prototype as unknown as Record<string, unknown>)['fastForwardTo'] !== 'function') {
  throw new Error('htmlparser2: Tokenizer.fastForwardTo is gone; src/extract/tokenizer.ts needs a look after the upgrade');
}
Object.defineProperty(IndexOfTokenizer.prototype, 'fastForwardTo', { value: fastForwardTo, writable: true, configurable: true });
