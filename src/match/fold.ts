/**
 * Folding of single characters: what a character becomes before names and
 * text are compared. NFKC compatibility forms, case folding, diacritics
 * removed, apostrophe look-alikes unified, Arabic-script letters folded as
 * Arabic and Persian search engines fold them (ARABIC_SCRIPT below); every
 * other non-word character separates words. Invisible format characters
 * (zero-width, bidi marks) are classified apart: see invisibleKind.
 */

/** Apostrophe look-alikes: ’ ‘ ʼ ʻ ´ ′ ＇ (ASCII ' and ` are handled by the tokenizer's table). */
const APOSTROPHES = new Set([0x2019, 0x2018, 0x02bc, 0x02bb, 0x00b4, 0x2032, 0xff07]);

/** The Arabic tatweel (kashida): a letter-stretching stroke, category Lm, not a mark; it vanishes. */
const TATWEEL = 0x0640;

/**
 * Invisible format characters that real pages put inside and around names,
 * most of all in right-to-left text. They fold to nothing (a name is never
 * written with them), and the tokenizer decides whether one splits a word:
 * - JOINING ones (soft hyphen, zero-width non-joiner and joiner, word joiner,
 *   BOM/zero-width no-break space) sit inside words by design: "Wit\u00adkoff".
 * - BREAKING ones (zero-width space; the bidi marks LRM, RLM, ALM; the bidi
 *   embeddings, overrides and isolates) are, if anything, word boundaries.
 * Against a vocabulary of name words the tokenizer tries both readings of
 * either kind (tokenize.ts), so neither ever stops a match.
 */
export const INVISIBLE_NONE = 0;
export const INVISIBLE_JOINING = 1;
export const INVISIBLE_BREAKING = 2;
const JOINING = new Set([0x00ad, 0x200c, 0x200d, 0x2060, 0xfeff]);
const BREAKING = new Set([0x200b, 0x200e, 0x200f, 0x061c, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** Which kind of invisible character `cp` is, if any. */
export function invisibleKind(cp: number): number {
  return JOINING.has(cp) ? INVISIBLE_JOINING : BREAKING.has(cp) ? INVISIBLE_BREAKING : INVISIBLE_NONE;
}

/** Every invisible character above, for callers that strip them from a whole string. */
export const INVISIBLES = /[\u00ad\u200b-\u200f\u2060\ufeff\u061c\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Arabic-script folding, applied after NFKD has dropped the marks (harakat,
 * shadda, sukun, superscript alef, and the hamza and madda of أ إ آ ؤ ئ,
 * which NFKD writes as marks over a bare letter). The rules are Lucene's
 * ArabicNormalizer and PersianNormalizer, the ones Arabic and Persian search
 * engines use:
 * - alef wasla and the wavy-hamza alefs (and the hamza-less alefs NFKD
 *   leaves) → bare alef ا;
 * - alef maqsura ى, Persian yeh ی, yeh barree ے and the Pashto yeh → Arabic
 *   yeh ي: the same name is typed with either, depending on the keyboard;
 * - Persian keheh ک and swash kaf ڪ → Arabic kaf ك;
 * - teh marbuta ة (and teh marbuta goal ۃ) → heh ه, and the heh forms
 *   ۀ ە ہ ھ → ه. Folded rather than kept: Persian writes the Arabic ة of
 *   a name as ه ("خلیل الحیه", "حمزه") and Arabic web text often does too,
 *   while real names that differ only there are rare; the word it can
 *   collide with is a noun with the "his" suffix (خليفه "his successor"),
 *   and a short name only counts beside a full name (resolve.ts rule 3).
 * - high hamza ٴ (left by NFKD of ٵ) vanishes like a mark.
 */
const ARABIC_SCRIPT: Record<string, string> = {
  '\u0671': '\u0627', '\u0672': '\u0627', '\u0673': '\u0627',
  '\u0649': '\u064a', '\u06cc': '\u064a', '\u06d0': '\u064a', '\u06d2': '\u064a', '\u06cd': '\u064a',
  '\u06a9': '\u0643', '\u06aa': '\u0643',
  '\u0629': '\u0647', '\u06c3': '\u0647', '\u06c0': '\u0647', '\u06d5': '\u0647', '\u06c1': '\u0647',
  '\u06c2': '\u0647', '\u06be': '\u0647',
  '\u0674': '',
};
const ARABIC_LETTERS = /[\u0600-\u06ff]/gu;

/** Case folding beyond toLowerCase. */
const EXTRA_FOLD: Record<string, string> = { ß: 'ss', ẞ: 'ss', ς: 'σ', ı: 'i', ſ: 's' };

const MARKS = /\p{M}/gu;
const ALL_WORD = /^[\p{L}\p{N}]+$/u;

const cache = new Map<number, string>();

/**
 * The fold of one code point: "" (ignorable: a mark, tatweel or an invisible character), " " (a
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
  if (cp === TATWEEL || invisibleKind(cp) !== INVISIBLE_NONE) return '';
  // NFKD splits compatibility forms and accents; the marks are then dropped.
  const base = String.fromCodePoint(cp).normalize('NFKD').replace(MARKS, '');
  if (base === '') return '';
  let lower = base.toLowerCase().replace(ARABIC_LETTERS, (ch) => ARABIC_SCRIPT[ch] ?? ch);
  if (lower === '') return '';
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

/**
 * The offset in `text` just after the first `count` folded characters of the
 * token at [start, end), and after any marks or invisible characters that
 * follow them (a vowel mark belongs to its letter): where a name begins
 * inside a token that starts with an attached prefix ("وَخليل" → "خليل").
 */
export function offsetAfterFolded(text: string, start: number, end: number, count: number): number {
  let i = start;
  let seen = 0;
  while (i < end && seen < count) {
    const cp = text.codePointAt(i)!;
    seen += foldCodePoint(cp).length;
    i += cp > 0xffff ? 2 : 1;
  }
  while (i < end) {
    const cp = text.codePointAt(i)!;
    if (foldCodePoint(cp) !== '') break;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}
