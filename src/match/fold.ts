/**
 * Folding of single characters: what a character becomes before names and
 * text are compared. NFKC compatibility forms, case folding, diacritics
 * removed, apostrophe look-alikes unified; every other non-word character
 * separates words.
 */

/** Apostrophe look-alikes: ’ ‘ ʼ ʻ ´ ′ ＇ (ASCII ' and ` are handled by the tokenizer's table). */
const APOSTROPHES = new Set([0x2019, 0x2018, 0x02bc, 0x02bb, 0x00b4, 0x2032, 0xff07]);

/**
 * Characters that vanish inside a word rather than splitting it: soft hyphen,
 * zero-width (non-)joiners, word joiner, BOM, and the Arabic tatweel (a
 * letter-stretching stroke, Unicode category Lm, not a mark).
 */
const IGNORABLES = new Set([0x00ad, 0x200c, 0x200d, 0x2060, 0xfeff, 0x0640]);

/** Case folding beyond toLowerCase. */
const EXTRA_FOLD: Record<string, string> = { ß: 'ss', ẞ: 'ss', ς: 'σ', ı: 'i', ſ: 's' };

const MARKS = /\p{M}/gu;
const ALL_WORD = /^[\p{L}\p{N}]+$/u;

const cache = new Map<number, string>();

/**
 * The fold of one code point: "" (ignorable: a mark or a joiner), " " (a
 * separator), "'" (an apostrophe) or the folded word text. Compatibility
 * forms that expand to punctuation ("½" → "1⁄2", "⑴" → "(1)") separate
 * words: no name is written with them.
 */
export function foldCodePoint(cp: number): string {
  let folded = cache.get(cp);
  if (folded === undefined) cache.set(cp, (folded = computeFold(cp)));
  return folded;
}

function computeFold(cp: number): string {
  if (cp === 0x27 || cp === 0x60 || APOSTROPHES.has(cp)) return "'";
  if (IGNORABLES.has(cp)) return '';
  // NFKD splits compatibility forms and accents; the marks are then dropped.
  const base = String.fromCodePoint(cp).normalize('NFKD').replace(MARKS, '');
  if (base === '') return '';
  let lower = base.toLowerCase();
  lower = EXTRA_FOLD[lower] ?? lower;
  return ALL_WORD.test(lower) ? lower : ' ';
}

/**
 * The folded text of one token's characters (no separators inside). Only
 * called for tokens that may be part of a name, so it can be simple.
 */
export function foldSlice(text: string, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; ) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      out += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c | 0x20) : text[i];
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    out += foldCodePoint(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}
