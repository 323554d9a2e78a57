/**
 * Bottom-up passes over the document: for every element that can hold
 * story text, how much text it holds, how much of that is link text, how
 * many commas, how much sits in real paragraphs; and whether it is page
 * furniture to leave out. Children are visited before parents by walking a
 * pre-order list backwards, so each node's text is counted once (linear,
 * where calling .text() on nested nodes would be quadratic).
 */
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { BLOCK_TAGS } from './blocks.js';
import { furnitureKind, isHidden, isNeverText, type FurnitureKind } from './clean.js';

export interface ElementStats {
  /** Characters of visible text (whitespace runs count as one). */
  text: number;
  /** Characters of that text inside links. */
  link: number;
  commas: number;
  /** Characters in paragraph-like blocks of low link density: the "story" signal. */
  paraChars: number;
  /** Number of such paragraphs. */
  paras: number;
  /** Has a block-level element below it. */
  hasBlock: boolean;
  /** Left out as furniture (its text does not count for its ancestors). */
  dropped: boolean;
  /** Pre-order position. */
  index: number;
}

export interface DocumentStats {
  /** Elements that are not invisible/never-text, in document order. */
  order: Element[];
  stats: Map<Element, ElementStats>;
  /** Elements left out: dropped themselves or under a dropped/invisible ancestor. */
  excluded: Set<Element>;
  /** Why each dropped element was dropped (its furniture kind). */
  dropKinds: Map<Element, FurnitureKind>;
}

/** Elements that are a paragraph when they hold enough text. */
const PARAGRAPH_TAGS = new Set(['p', 'pre', 'td', 'blockquote', 'dd', 'li', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Containers that count as a paragraph when they hold text but no blocks. */
const BARE_TEXT_TAGS = new Set(['div', 'section', 'article', 'span', 'font', 'center', 'main']);

export const MIN_PARAGRAPH_CHARS = 25;
/** A furniture element is kept anyway when it holds this much paragraph text. */
const KEEP_FURNITURE_PARA_CHARS = 500;
/** ... and this share of the page's paragraph text. */
const KEEP_FURNITURE_SHARE = 0.4;

/** Characters that count as commas (Latin, full-width, ideographic, Arabic). */
const isComma = (c: number): boolean => c === 44 || c === 0xff0c || c === 0x3001 || c === 0x060c;

/** Text measures of an element's own text nodes, computed once per document. */
interface OwnText {
  /** Visible characters: whitespace runs count as one. */
  text: number[];
  commas: number[];
}

/** Adds a text node's visible length and commas to `own` at `i`. */
function measureText(s: string, own: OwnText, i: number): void {
  let n = 0;
  let commas = 0;
  let space = true;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    const isSpace = c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 160;
    if (isSpace) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
      if (c > 43 && isComma(c)) commas++;
    }
  }
  own.text[i]! += n;
  own.commas[i]! += commas;
}

export function isParagraphLike(el: Element, s: ElementStats): boolean {
  if (s.text < MIN_PARAGRAPH_CHARS) return false;
  if (PARAGRAPH_TAGS.has(el.name)) return true;
  return BARE_TEXT_TAGS.has(el.name) && !s.hasBlock;
}

/**
 * `furniture: false` keeps page furniture in (only invisible / never-text
 * nodes are left out): the second try when furniture rules left no story.
 */
export function computeStats(root: AnyNode, opts: { furniture?: boolean } = {}): DocumentStats {
  const order: Element[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isTag(node)) {
      if (isNeverText(node) || isHidden(node)) continue;
      order.push(node);
    }
    const kids = (node as { children?: AnyNode[] }).children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }

  // Pass 1 without furniture decisions: how much prose does each element hold?
  const kinds = new Map<Element, FurnitureKind>();
  for (const el of opts.furniture === false ? [] : order) {
    const k = furnitureKind(el);
    if (k !== undefined) kinds.set(el, k);
  }
  const own: OwnText = { text: new Array<number>(order.length).fill(0), commas: new Array<number>(order.length).fill(0) };
  const stats = accumulate(order, own);
  const pageProse = order.length > 0 ? stats.get(order[0]!)!.paraChars : 0;

  // Furniture is left out unless it plainly holds the story: a large share of
  // the page's prose (sites do name article wrappers "sidebar-fixed" or
  // "responsive-page", and put stories inside <header>). Comment sections are
  // left out whatever their size.
  const dropped = new Set<Element>();
  const dropKinds = new Map<Element, FurnitureKind>();
  for (const [el, kind] of kinds) {
    const r = stats.get(el)!;
    const prose = r.paraChars;
    // Weak hints (layout words: "sidebar", "rail", <header>) yield to any
    // sizeable prose of few links; strong ones (share, related, promo) only
    // to a large share of the page's prose.
    const holdsStory =
      prose >= KEEP_FURNITURE_PARA_CHARS &&
      (kind === 'weak' ? r.link < r.text * 0.25 : prose >= pageProse * KEEP_FURNITURE_SHARE);
    if (kind === 'comments' || !holdsStory) {
      dropped.add(el);
      dropKinds.set(el, kind);
    }
  }
  if (dropped.size > 0) leaveOut(dropped, stats, own);

  const excluded = new Set<Element>();
  for (const el of order) {
    const parent = el.parent;
    if (stats.get(el)!.dropped || (parent !== null && isTag(parent) && excluded.has(parent))) excluded.add(el);
  }
  return { order, stats, excluded, dropKinds };
}

/** (Re)computes `s` from the element's own text and its children's stats, leaving out dropped children. */
function sumChildren(el: Element, s: ElementStats, stats: Map<Element, ElementStats>, own: OwnText): void {
  const i = s.index;
  s.text = own.text[i]!;
  s.commas = own.commas[i]!;
  s.link = s.paraChars = s.paras = 0;
  s.hasBlock = false;
  for (const child of el.children) {
    if (!isTag(child)) continue;
    const c = stats.get(child);
    if (c === undefined || c.dropped) continue;
    s.text += c.text;
    s.link += c.link;
    s.commas += c.commas;
    s.paraChars += c.paraChars;
    s.paras += c.paras;
    if (c.hasBlock || BLOCK_TAGS.has(child.name)) s.hasBlock = true;
  }
  if (el.name === 'a') s.link = s.text;
  if (s.paras === 0 && isParagraphLike(el, s) && s.link < s.text * 0.5) {
    s.paraChars = s.text - s.link;
    s.paras = 1;
  }
}

/** Bottom-up sums over `order` (pre-order); fills `own` with each element's own text measures on the way. */
function accumulate(order: Element[], own: OwnText): Map<Element, ElementStats> {
  const stats = new Map<Element, ElementStats>();
  for (let i = order.length - 1; i >= 0; i--) {
    const el = order[i]!;
    for (const child of el.children) if (isText(child)) measureText(child.data, own, i);
    const s: ElementStats = { text: 0, link: 0, commas: 0, paraChars: 0, paras: 0, hasBlock: false, dropped: false, index: i };
    sumChildren(el, s, stats, own);
    stats.set(el, s);
  }
  return stats;
}

/**
 * Marks `dropped` and recomputes, in place, the stats of their ancestors
 * (the only ones that change), children before parents.
 */
function leaveOut(dropped: Set<Element>, stats: Map<Element, ElementStats>, own: OwnText): void {
  const changed: Array<[Element, ElementStats]> = [];
  const seen = new Set<Element>();
  for (const el of dropped) {
    stats.get(el)!.dropped = true;
    for (let p = el.parent; p !== null && isTag(p) && !seen.has(p); p = p.parent) {
      const ps = stats.get(p);
      if (ps === undefined) break;
      seen.add(p);
      changed.push([p, ps]);
    }
  }
  changed.sort((a, b) => b[1].index - a[1].index);
  for (const [el, s] of changed) sumChildren(el, s, stats, own);
}
