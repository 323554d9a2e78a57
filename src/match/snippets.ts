/**
 * Snippets: the sentence around a mention, found by scanning outwards from
 * the mention only (an article can be 1 MB; segmenting all of it for three
 * snippets would waste the matcher's time).
 */
import { INVISIBLES } from './fold.js';

export const MAX_SNIPPET = 300;
export const MAX_SNIPPETS = 3;
/** How far to look for a sentence boundary on each side before giving up. */
const SCAN_LIMIT = 1500;

/**
 * Words that end in a period without ending a sentence ("Mr. Witkoff").
 * Single letters ("U.S.", "J. Smith") are handled apart.
 */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'sen', 'rep', 'gov', 'gen',
  'lt', 'col', 'maj', 'capt', 'cpt', 'sgt', 'cmdr', 'adm', 'rev', 'hon', 'pres', 'sec', 'amb',
  'atty', 'supt', 'insp', 'det', 'no', 'nos', 'vs', 'etc', 'inc', 'corp', 'co', 'ltd', 'llc',
  'dept', 'univ', 'assn', 'bros', 'approx', 'est', 'vol', 'fig', 'al', 'jan', 'feb', 'mar', 'apr',
  'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'ave', 'blvd', 'rd', 'op', 'cf', 'eg', 'ie',
]);

const TERMINATORS = new Set(['.', '!', '?', '…', '。', '！', '？', '؟', '۔']);
/**
 * Closing quotes and brackets that belong to the sentence they end, and the
 * invisible characters (bidi marks, zero-width; fold.ts) that right-to-left
 * pages put after a full stop: "…القاهرة.\u200f وأضاف".
 */
const CLOSERS = new Set(['"', "'", '”', '’', '»', ')', ']', '}', '›', ...invisibleChars()]);
/** White space and invisible characters: trimmed from a snippet's ends. */
const BLANK = /[\s\u00ad\u200b-\u200f\u2060\u061c\u202a-\u202e\u2066-\u2069]/;

function invisibleChars(): string[] {
  const chars = [0x00ad, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0xfeff, 0x061c];
  for (let c = 0x202a; c <= 0x202e; c++) chars.push(c);
  for (let c = 0x2066; c <= 0x2069; c++) chars.push(c);
  return chars.map((c) => String.fromCharCode(c));
}
const SPACE = /\s/;
const LETTER = /\p{L}/u;
const LOWER_OR_DIGIT = /[\p{Ll}\p{N}]/u;

/**
 * If a sentence ends with the terminator at `k`, the offset just after it
 * (closing quotes included); otherwise -1.
 */
function sentenceEndAfter(text: string, k: number): number {
  const ch = text[k]!;
  if (!TERMINATORS.has(ch)) return -1;
  let m = k + 1;
  while (m < text.length && (TERMINATORS.has(text[m]!) || CLOSERS.has(text[m]!))) m++;
  const wide = ch === '。' || ch === '！' || ch === '？';
  if (m < text.length && !wide && !SPACE.test(text[m]!)) return -1;
  if (ch === '.' && isAbbreviation(text, k, m)) return -1;
  return m;
}

function isAbbreviation(text: string, dot: number, after: number): boolean {
  let w = dot;
  while (w > 0 && LETTER.test(text[w - 1]!)) w--;
  const word = text.slice(w, dot).toLowerCase();
  if (word.length === 1 || ABBREVIATIONS.has(word)) return true;
  // A sentence does not start in lower case or with a digit: "approx. 20".
  let next = after;
  while (next < text.length && SPACE.test(text[next]!)) next++;
  return next < text.length && LOWER_OR_DIGIT.test(text[next]!);
}

/** A newline inside a blank line (a paragraph break) ends a sentence whatever the punctuation. */
function isParagraphBreak(text: string, k: number): boolean {
  if (text[k] !== '\n') return false;
  let newlines = 1;
  for (let p = k - 1; p >= 0 && BLANK.test(text[p]!); p--) if (text[p] === '\n') newlines++;
  for (let p = k + 1; p < text.length && BLANK.test(text[p]!); p++) if (text[p] === '\n') newlines++;
  return newlines >= 2;
}

/** [start, end) of the sentence containing text[start..end), trimmed. */
export function sentenceAround(text: string, start: number, end: number): [number, number] {
  const lowest = Math.max(0, start - SCAN_LIMIT);
  let from = lowest;
  for (let k = start - 1; k >= lowest; k--) {
    if (isParagraphBreak(text, k)) {
      from = k + 1;
      break;
    }
    const after = sentenceEndAfter(text, k);
    if (after >= 0 && after <= start) {
      from = after;
      break;
    }
  }
  const highest = Math.min(text.length, end + SCAN_LIMIT);
  let to = highest;
  for (let k = end; k < highest; k++) {
    if (isParagraphBreak(text, k)) {
      to = k;
      break;
    }
    const after = sentenceEndAfter(text, k);
    if (after >= 0) {
      to = after;
      break;
    }
  }
  while (from < start && BLANK.test(text[from]!)) from++;
  while (to > end && BLANK.test(text[to - 1]!)) to--;
  return [from, to];
}

/**
 * One line of what a reader sees: white space runs to one space, invisible
 * characters (zero-width, bidi marks; fold.ts) removed. They are zero-width
 * where they stood, so the text reads the same without them, and a bidi
 * embedding cut from its closing mark would garble the receiver's display;
 * replaced by spaces (as plain-text clean-up would) they would cut words.
 */
const collapse = (s: string): string => s.replace(INVISIBLES, '').replace(/\s+/g, ' ');

/**
 * The sentence as one line of plain text, cut to MAX_SNIPPET characters
 * around the mention at word boundaries, with "…" where it was cut.
 */
export function snippetAt(text: string, start: number, end: number, sentence = sentenceAround(text, start, end)): string {
  const [from, to] = sentence;
  const before = collapse(text.slice(from, start));
  const mention = collapse(text.slice(start, end));
  const after = collapse(text.slice(end, to));
  const whole = before + mention + after;
  if (whole.length <= MAX_SNIPPET) return whole;

  const budget = MAX_SNIPPET - 2; // room for an ellipsis each side
  const spare = Math.max(0, budget - mention.length);
  let cutFrom = Math.max(0, before.length - Math.floor(spare / 2));
  let cutTo = Math.min(whole.length, cutFrom + budget);
  cutFrom = Math.max(0, cutTo - budget);
  if (cutFrom > 0) {
    const space = whole.indexOf(' ', cutFrom);
    if (space >= 0 && space < before.length) cutFrom = space + 1;
  }
  if (cutTo < whole.length) {
    const space = whole.lastIndexOf(' ', cutTo);
    if (space > before.length + mention.length) cutTo = space;
  }
  const body = whole.slice(cutFrom, cutTo).trim();
  return (cutFrom > 0 ? '…' : '') + body + (cutTo < whole.length ? '…' : '');
}

/** Up to MAX_SNIPPETS distinct sentences naming the entity, in document order. */
export function snippetsFor(text: string, mentions: Array<{ start: number; end: number }>): string[] {
  const out: string[] = [];
  let lastSentenceEnd = -1;
  for (const { start, end } of mentions) {
    if (out.length >= MAX_SNIPPETS) break;
    if (start < lastSentenceEnd) continue; // same sentence as the previous mention
    const sentence = sentenceAround(text, start, end);
    const snippet = snippetAt(text, start, end, sentence);
    lastSentenceEnd = sentence[1];
    if (!out.includes(snippet)) out.push(snippet);
  }
  return out;
}
