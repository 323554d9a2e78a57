/**
 * The normalised form the matcher compares, as text, for tests and
 * debugging. The matcher itself works on the token stream (tokenize.ts)
 * and never builds this string.
 */
import { tokenize } from './tokenize.js';

export interface NormalizedText {
  /** Folded tokens joined by single spaces: "Khalil al‑Ḥayya’s" → "khalil al hayya s". */
  text: string;
  /** The folded tokens, with [start, end) offsets into the original text. */
  tokens: Array<{ token: string; start: number; end: number }>;
  /**
   * For each index of `text` (and one past its end), the offset in the
   * original text: a token's characters map into that token's original span
   * (clamped to its end, as folding can lengthen it: "ß" → "ss"), a joining
   * space to the end of the token before it.
   */
  toOriginal: number[];
}

export function normalizeForMatch(original: string): NormalizedText {
  const stream = tokenize(original); // no vocabulary: every token is kept
  const tokens = stream.tokens.map((token, i) => ({ token: token ?? '', start: stream.starts[i]!, end: stream.ends[i]! }));
  const toOriginal: number[] = [];
  tokens.forEach(({ token, start, end }, i) => {
    if (i > 0) toOriginal.push(tokens[i - 1]!.end);
    for (let c = 0; c < token.length; c++) toOriginal.push(Math.min(start + c, end - 1));
  });
  toOriginal.push(tokens.length > 0 ? tokens[tokens.length - 1]!.end : original.length);
  return { text: tokens.map((t) => t.token).join(' '), tokens, toOriginal };
}
