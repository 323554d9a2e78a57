/**
 * One-pass folding of text into a stream of word tokens, keeping offsets into
 * the original string. Names and articles go through the same function, so
 * every normalisation rule (case, diacritics, dashes, apostrophes, white
 * space, hyphen = space) holds on both sides by construction, and whole-word
 * matching comes for free: a name matches a run of whole tokens, never part
 * of one.
 *
 * A token is a maximal run of word characters (Unicode letters, marks and
 * digits after folding). Everything else (white space of any kind, dashes,
 * apostrophes, punctuation) separates tokens, so "al-Hayya", "al Hayya" and
 * "al\u2011Hayya" all give the tokens ["al", "hayya"].
 *
 * Invisible characters (fold.ts) never stop a match. The joining ones (soft
 * hyphen, zero-width joiners, BOM) vanish inside a word: they are put there
 * to hyphenate or shape it, so "Kush\u00adner\u00adite" stays one word, not
 * "Kushner". The breaking ones (zero-width space, bidi marks) may sit inside
 * a word or between two: against a vocabulary a token runs on through them,
 * and at its end, if the whole run is no name word but its pieces between
 * them are name words (alone or joined), it is read as those words. So
 * "Wit\u200bkoff" and "Steve\u200bWitkoff" both give name words, and
 * "Kush\u200bner\u200bite" none ("ite" is no name word). Without a
 * vocabulary (names themselves, normalizeForMatch) the breaking ones simply
 * separate words. A token's span never starts or ends with one of them.
 *
 * Speed: the scan computes a hash of each token's folded form without
 * building it. Given a vocabulary (the tokens of every watched name), a token
 * whose hash is not in it cannot be part of any name, so its string is never
 * made; a run of such tokens becomes one `null` gap in the stream.
 */
import { INVISIBLE_BREAKING, INVISIBLE_JOINING, foldCodePoint, foldSlice, invisibleKind } from './fold.js';
import { FNV_OFFSET, FNV_PRIME, hashString, type Vocabulary } from './vocabulary.js';

export { Vocabulary } from './vocabulary.js';

/** Tokens of one text: parallel arrays, cheaper than one object per token. */
export interface TokenStream {
  /** Folded token text (lower case, no diacritics); null for a gap of tokens outside the vocabulary. */
  tokens: Array<string | null>;
  /** [start, end) of each token in the original text. */
  starts: number[];
  ends: number[];
  /**
   * Indexes of tokens that end in "s" right before an apostrophe
   * ("Witkoffs'"): a name may match such a token without its final "s".
   * Null when there are none (most names: saves a Set per name at set-up).
   */
  pluralPossessives: Set<number> | null;
}

// Per-code-unit behaviour. BMP chars are classified once, lazily, into KIND.
const UNKNOWN = 0;
const SEPARATOR = 1;
const APOSTROPHE = 2; // separates, and marks a possible plural possessive
const IGNORABLE = 3; // a mark or joiner: continues the token, adds nothing
const WORD_ASCII = 4; // ASCII lower-case letter or digit: folds to itself
const WORD_UPPER = 5; // ASCII capital
const WORD_OTHER = 6; // folds to FOLD[c]
const ASTRAL = 7; // surrogate: look the whole code point up
const SOFT_JOIN = 8; // an invisible joining character (soft hyphen, ZWJ, ZWNJ, word joiner, BOM)
const SOFT_BREAK = 9; // an invisible breaking character (zero-width space, bidi marks)
const WORD_ONE = 10; // a non-ASCII letter that folds to one code unit, FOLD_ONE[c] (most Arabic, Hebrew, Cyrillic letters)

const KIND = new Uint8Array(0x10000);
const FOLD: string[] = [];
const FOLD_ONE = new Uint16Array(0x10000);
for (let c = 0; c < 128; c++) {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) KIND[c] = WORD_ASCII;
  else if (c >= 0x41 && c <= 0x5a) KIND[c] = WORD_UPPER;
  else if (c === 0x27 || c === 0x60) KIND[c] = APOSTROPHE;
  else KIND[c] = SEPARATOR;
}
for (let c = 0xd800; c <= 0xdfff; c++) KIND[c] = ASTRAL;

function kindOfFold(folded: string): number {
  if (folded === '') return IGNORABLE;
  if (folded === ' ') return SEPARATOR;
  if (folded === "'") return APOSTROPHE;
  return WORD_OTHER;
}

function classify(c: number): number {
  const invisible = invisibleKind(c);
  if (invisible === INVISIBLE_JOINING) return (KIND[c] = SOFT_JOIN);
  if (invisible === INVISIBLE_BREAKING) return (KIND[c] = SOFT_BREAK);
  const folded = foldCodePoint(c);
  FOLD[c] = folded;
  const kind = kindOfFold(folded);
  if (kind === WORD_OTHER && folded.length === 1) {
    FOLD_ONE[c] = folded.charCodeAt(0);
    return (KIND[c] = WORD_ONE);
  }
  return (KIND[c] = kind);
}

/**
 * Splits `text` into folded word tokens with their original offsets. With a
 * vocabulary, tokens surely outside it are left out (see the file comment).
 */
export function tokenize(text: string, vocabulary?: Vocabulary): TokenStream {
  const scan = new Scan(text, vocabulary);
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let kind = KIND[c]!;
    if (kind === WORD_ASCII) {
      if (scan.start < 0) scan.start = i;
      scan.before = scan.h;
      scan.h = Math.imul(scan.h ^ c, FNV_PRIME);
      i++;
      continue;
    }
    if (kind === UNKNOWN) kind = classify(c);
    if (kind === WORD_ONE) {
      // The common non-ASCII letter: the same as WORD_OTHER below, without the string.
      if (scan.start < 0) scan.start = i;
      scan.plain = scan.lowerOnly = false;
      scan.before = scan.h;
      scan.h = Math.imul(scan.h ^ FOLD_ONE[c]!, FNV_PRIME);
      i++;
      continue;
    }
    let width = 1;
    let folded: string | undefined;
    if (kind === ASTRAL) {
      const cp = text.codePointAt(i)!;
      width = cp > 0xffff ? 2 : 1;
      folded = foldCodePoint(cp);
      kind = kindOfFold(folded);
    }
    if (kind === WORD_UPPER) {
      if (scan.start < 0) scan.start = i;
      scan.plain = false;
      scan.before = scan.h;
      scan.h = Math.imul(scan.h ^ (c | 0x20), FNV_PRIME);
    } else if (kind === WORD_OTHER) {
      if (scan.start < 0) scan.start = i;
      scan.plain = scan.lowerOnly = false;
      folded ??= FOLD[c]!;
      for (let k = 0; k < folded.length; k++) {
        scan.before = scan.h;
        scan.h = Math.imul(scan.h ^ folded.charCodeAt(k), FNV_PRIME);
      }
    } else if (kind === IGNORABLE) {
      if (scan.start >= 0) scan.plain = scan.lowerOnly = false;
    } else if (kind === SOFT_JOIN || kind === SOFT_BREAK) {
      if (scan.start >= 0) {
        if (kind === SOFT_BREAK && !vocabulary) scan.endToken(i, false);
        else {
          if (kind === SOFT_BREAK) (scan.breaks ??= []).push(i);
          scan.plain = scan.lowerOnly = false;
          scan.invisible = true;
        }
      }
    } else if (scan.start >= 0) {
      // A separator or apostrophe ends the token.
      const last = text.charCodeAt(i - 1);
      scan.endToken(i, kind === APOSTROPHE && i - scan.start > 1 && (last === 0x73 || last === 0x53));
    }
    i += width;
  }
  if (scan.start >= 0) scan.endToken(n, false);
  return scan.stream;
}

/** State of one scan (a class, not closures: one allocation per call). */
class Scan {
  readonly stream: TokenStream = { tokens: [], starts: [], ends: [], pluralPossessives: null };
  /** Start of the current token, -1 outside one. */
  start = -1;
  /** Hash of the folded token so far, and before its last folded char (for "Witkoffs'"). */
  h = FNV_OFFSET;
  before = FNV_OFFSET;
  /** The token is ASCII lower case (its string is a slice), or ASCII needing only lower-casing. */
  plain = true;
  lowerOnly = true;
  /** The current token has invisible characters inside or at its end. */
  invisible = false;
  /** Offsets of invisible breaking characters inside the current token (only with a vocabulary), or null. */
  breaks: number[] | null = null;

  constructor(
    private readonly text: string,
    private readonly vocabulary: Vocabulary | undefined,
  ) {}

  endToken(end: number, possessive: boolean): void {
    const vocabulary = this.vocabulary;
    const known = !vocabulary || vocabulary.has(this.h) || (possessive && vocabulary.has(this.before));
    const start = this.start;
    if (this.invisible) {
      end = trimInvisibles(this.text, start, end);
      this.invisible = false;
    }
    if (this.breaks !== null) {
      if (known) this.pushToken(foldSlice(this.text, start, end), start, end, possessive);
      else this.splitAtBreaks(start, end, this.breaks, possessive);
      this.breaks = null;
    } else if (!known) {
      this.pushGap(start, end);
    } else {
      const text = this.text;
      this.pushToken(
        this.plain
          ? text.slice(start, end)
          : this.lowerOnly
            ? text.slice(start, end).toLowerCase()
            : foldSlice(text, start, end),
        start,
        end,
        possessive,
      );
    }
    this.start = -1;
    this.h = FNV_OFFSET;
    this.plain = this.lowerOnly = true;
  }

  private pushToken(token: string, start: number, end: number, possessive: boolean): void {
    const { tokens, starts, ends } = this.stream;
    if (possessive) (this.stream.pluralPossessives ??= new Set()).add(tokens.length);
    tokens.push(token);
    starts.push(start);
    ends.push(end);
  }

  /** Merges runs of unknown tokens into one gap: no name spans a gap. */
  private pushGap(start: number, end: number): void {
    const { tokens, starts, ends } = this.stream;
    if (tokens.length === 0 || tokens[tokens.length - 1] !== null) {
      tokens.push(null);
      starts.push(start);
      ends.push(end);
    } else ends[ends.length - 1] = end;
  }

  /**
   * A token with invisible breaking characters inside that is no name word as
   * a whole: read as its pieces between them, joined into name words, if the
   * pieces can be read as name words alone (longest joins first: "Steve" +
   * "Witkoff" from "Steve\u200bWit\u200bkoff"). Otherwise it is one word
   * that merely carries a break opportunity ("Kush\u200bner\u200bite" is not
   * "Kushner" + "ite"), and a gap. Rare, so plain strings.
   */
  private splitAtBreaks(start: number, end: number, cuts: number[], possessive: boolean): void {
    const vocabulary = this.vocabulary!;
    const pieces: Array<{ folded: string; start: number; end: number }> = [];
    let from = start;
    for (const cut of [...cuts, end]) {
      const to = trimInvisibles(this.text, from, Math.min(cut, end));
      while (from < to && isInvisible(this.text.charCodeAt(from))) from++;
      const folded = foldSlice(this.text, from, to);
      if (folded !== '') pieces.push({ folded, start: from, end: to });
      from = cut + 1;
      if (from >= end) break;
    }
    const known = (i: number, j: number): string | undefined => {
      const joined = pieces.slice(i, j + 1).map((p) => p.folded).join('');
      const last = j === pieces.length - 1 && possessive;
      return vocabulary.has(hashString(joined)) || (last && vocabulary.has(hashString(joined.slice(0, -1)))) ? joined : undefined;
    };
    // words[i]: the name words reading pieces i.., or null when there is no such reading.
    const words: Array<Array<{ token: string; i: number; j: number }> | null> = [];
    words[pieces.length] = [];
    for (let i = pieces.length - 1; i >= 0; i--) {
      words[i] = null;
      for (let j = pieces.length - 1; j >= i && words[i] === null; j--) {
        const token = known(i, j);
        if (token !== undefined && words[j + 1] !== null) words[i] = [{ token, i, j }, ...words[j + 1]!];
      }
    }
    if (words[0] === null || pieces.length === 0) {
      this.pushGap(start, end);
      return;
    }
    for (const { token, i, j } of words[0]!) {
      this.pushToken(token, pieces[i]!.start, pieces[j]!.end, possessive && j === pieces.length - 1);
    }
  }
}

/** `end` moved back over invisible characters, so a token's span ends at its last letter or mark. */
function trimInvisibles(text: string, start: number, end: number): number {
  while (end > start && isInvisible(text.charCodeAt(end - 1))) end--;
  return end;
}

const isInvisible = (c: number): boolean => KIND[c] === SOFT_JOIN || KIND[c] === SOFT_BREAK;

/** The folded tokens of a name, as they would appear in a token stream. */
export function nameTokens(name: string): string[] {
  return tokenize(name).tokens.filter((t): t is string => t !== null);
}
