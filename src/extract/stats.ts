/**
 * Bottom-up passes over the document: for every element that can hold
 * story text, how much text it holds, how much of that is link text, how
 * many commas, how much sits in real paragraphs; and whether it is page
 * furniture to leave out. Elements are numbered in pre-order, so walking the
 * numbers backwards visits children before parents and each child adds its
 * sums to its parent once (linear, where calling .text() on nested nodes
 * would be quadratic).
 *
 * Storage is one typed array per measure, indexed by that number, not an
 * object and a Map entry per element: pages have thousands of elements, and
 * allocating and hashing per element was most of this pass's cost.
 */
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { BLOCK_TAGS } from './blocks.js';
import { furnitureKind, isArticleBodyProp, isNeverText, scanAttrs, type FurnitureKind } from './clean.js';

export interface DocumentStats {
  /** Elements that are not invisible/never-text, in document order: element number → element. */
  order: Element[];
  /** Number of each element's parent, -1 for the root. */
  parent: Int32Array;
  /** Characters of visible text (whitespace runs count as one). */
  text: Int32Array;
  /** Characters of that text inside links. */
  link: Int32Array;
  commas: Int32Array;
  /** Characters in paragraph-like blocks of low link density: the "story" signal. */
  paraChars: Int32Array;
  /** Number of such paragraphs. */
  paras: Int32Array;
  /** HAS_BLOCK, DROPPED, EXCLUDED, and the tag classes below. */
  flags: Uint8Array;
  /** Why each dropped element was dropped (its furniture kind). */
  dropKinds: Map<Element, FurnitureKind>;
}

/** Has a block-level element below it. */
const HAS_BLOCK = 1;
/** Left out as furniture (its text does not count for its ancestors). */
const DROPPED = 2;
/** Dropped itself or under a dropped ancestor. */
const EXCLUDED = 4;
// Tag classes, set once per element.
const BLOCK_TAG = 8;
const PARAGRAPH_TAG = 16;
const BARE_TEXT_TAG = 32;
const LINK_TAG = 64;
/** itemprop=articleBody. */
const ARTICLE_BODY = 128;

/** Elements that are a paragraph when they hold enough text. */
const PARAGRAPH_TAGS = ['p', 'pre', 'td', 'blockquote', 'dd', 'li', 'h2', 'h3', 'h4', 'h5', 'h6'];
/** Containers that count as a paragraph when they hold text but no blocks. */
const BARE_TEXT_TAGS = ['div', 'section', 'article', 'span', 'font', 'center', 'main'];

const TAG_CLASS = new Map<string, number>();
for (const t of BLOCK_TAGS) TAG_CLASS.set(t, BLOCK_TAG);
for (const t of PARAGRAPH_TAGS) TAG_CLASS.set(t, (TAG_CLASS.get(t) ?? 0) | PARAGRAPH_TAG);
for (const t of BARE_TEXT_TAGS) TAG_CLASS.set(t, (TAG_CLASS.get(t) ?? 0) | BARE_TEXT_TAG);
TAG_CLASS.set('a', LINK_TAG);

export const MIN_PARAGRAPH_CHARS = 25;
/** A furniture element is kept anyway when it holds this much paragraph text. */
const KEEP_FURNITURE_PARA_CHARS = 500;
/** ... and this share of the page's paragraph text. */
const KEEP_FURNITURE_SHARE = 0.4;

/**
 * The element's number in `ds.order`, -1 when it is not there (invisible,
 * never text, outside the root). The tree is the extractor's own (parse.ts
 * parses without source positions), so each element's unused `startIndex`
 * field carries its number: a lookup without a Map. A number left from
 * another pass is caught by checking `order` back.
 */
export function indexOf(ds: DocumentStats, el: Element): number {
  const i = el.startIndex;
  return i !== null && i >= 0 && i < ds.order.length && ds.order[i] === el ? i : -1;
}

/** Marked itemprop=articleBody. */
export const isArticleBody = (ds: DocumentStats, i: number): boolean => (ds.flags[i]! & ARTICLE_BODY) !== 0;
export const isExcluded = (ds: DocumentStats, i: number): boolean => (ds.flags[i]! & EXCLUDED) !== 0;
export const isDropped = (ds: DocumentStats, i: number): boolean => (ds.flags[i]! & DROPPED) !== 0;
export const hasBlock = (ds: DocumentStats, i: number): boolean => (ds.flags[i]! & HAS_BLOCK) !== 0;
/** Share of the element's text inside links (0 for no text). */
export const linkDensityAt = (ds: DocumentStats, i: number): number => (ds.text[i] === 0 ? 0 : ds.link[i]! / ds.text[i]!);

/** Characters that count as commas (Latin, full-width, ideographic, Arabic). */
const isComma = (c: number): boolean => c === 44 || c === 0xff0c || c === 0x3001 || c === 0x060c;

/** Adds a text node's visible length and commas to element `i`'s own measures. */
function measureText(s: string, text: number[], commas: number[], i: number): void {
  let n = 0;
  let k = 0;
  let space = true;
  for (let j = 0; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 160) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
      if (c > 43 && isComma(c)) k++;
    }
  }
  text[i]! += n;
  commas[i]! += k;
}

function paragraphLike(flags: number, text: number): boolean {
  if (text < MIN_PARAGRAPH_CHARS) return false;
  if ((flags & PARAGRAPH_TAG) !== 0) return true;
  return (flags & BARE_TEXT_TAG) !== 0 && (flags & HAS_BLOCK) === 0;
}

/** A paragraph tag, or a bare-text container without blocks, with enough text. */
export function isParagraphLike(ds: DocumentStats, i: number): boolean {
  return paragraphLike(ds.flags[i]!, ds.text[i]!);
}

/**
 * Which furniture to leave out: all of it; only boilerplate that says what it
 * is (strong hints and comments, not layout words); or none (only invisible /
 * never-text nodes are left out). The later ones are the retries when the
 * furniture rules left no story.
 */
export type FurnitureRule = 'all' | 'boilerplate' | 'none';

export function computeStats(root: AnyNode, furniture: FurnitureRule = 'all'): DocumentStats {
  const order: Element[] = [];
  const parents: number[] = [];
  const tagClass: number[] = [];
  const ownText: number[] = [];
  const ownCommas: number[] = [];
  const kinds: Array<[number, FurnitureKind]> = [];
  // Pre-order walk; `under` is the number of the nearest numbered ancestor.
  const stack: AnyNode[] = [root];
  const under: number[] = [-1];
  while (stack.length > 0) {
    const node = stack.pop()!;
    let i = under.pop()!;
    if (isTag(node)) {
      if (isNeverText(node)) continue;
      const attrs = scanAttrs(node);
      if (attrs.hidden) continue;
      const p = i;
      i = order.length;
      node.startIndex = i;
      order.push(node);
      parents.push(p);
      tagClass.push((TAG_CLASS.get(node.name) ?? 0) | (isArticleBodyProp(attrs.itemprop) ? ARTICLE_BODY : 0));
      ownText.push(0);
      ownCommas.push(0);
      if (furniture !== 'none') {
        const k = furnitureKind(node, attrs);
        if (k !== undefined && (furniture === 'all' || k !== 'weak')) kinds.push([i, k]);
      }
    }
    const kids = (node as { children?: AnyNode[] }).children;
    if (kids === undefined) continue;
    for (let c = kids.length - 1; c >= 0; c--) {
      const kid = kids[c]!;
      if (isText(kid)) {
        if (isTag(node)) measureText(kid.data, ownText, ownCommas, i);
      } else if ((kid as { children?: AnyNode[] }).children !== undefined) {
        stack.push(kid);
        under.push(i);
      }
    }
  }

  const n = order.length;
  const ds: DocumentStats = {
    order,
    parent: new Int32Array(parents),
    text: new Int32Array(n),
    link: new Int32Array(n),
    commas: new Int32Array(n),
    paraChars: new Int32Array(n),
    paras: new Int32Array(n),
    flags: new Uint8Array(tagClass),
    dropKinds: new Map(),
  };
  // Pass 1 without furniture decisions: how much prose does each element hold?
  accumulate(ds, ownText, ownCommas);
  const pageProse = n > 0 ? ds.paraChars[0]! : 0;

  // Furniture is left out unless it plainly holds the story: a large share of
  // the page's prose (sites do name article wrappers "sidebar-fixed" or
  // "responsive-page", and put stories inside <header>). Comment sections are
  // left out whatever their size.
  for (const [i, kind] of kinds) {
    const prose = ds.paraChars[i]!;
    // Weak hints (layout words: "sidebar", "rail", <header>) yield to any
    // sizeable prose of few links; strong ones (share, related, promo) only
    // to a large share of the page's prose.
    const holdsStory =
      prose >= KEEP_FURNITURE_PARA_CHARS &&
      (kind === 'weak' ? ds.link[i]! < ds.text[i]! * 0.25 : prose >= pageProse * KEEP_FURNITURE_SHARE);
    if (kind === 'comments' || !holdsStory) {
      ds.flags[i]! |= DROPPED;
      ds.dropKinds.set(order[i]!, kind);
    }
  }
  // Pass 2: the same sums without what was dropped.
  if (ds.dropKinds.size > 0) accumulate(ds, ownText, ownCommas);

  for (let i = 0; i < n; i++) {
    const p = ds.parent[i]!;
    if ((ds.flags[i]! & DROPPED) !== 0 || (p >= 0 && (ds.flags[p]! & EXCLUDED) !== 0)) ds.flags[i]! |= EXCLUDED;
  }
  return ds;
}

/**
 * Sums every element's measures from its own text and its children's sums,
 * children first (higher numbers), leaving out dropped children.
 */
function accumulate(ds: DocumentStats, ownText: number[], ownCommas: number[]): void {
  const { parent, text, link, commas, paraChars, paras, flags } = ds;
  for (let i = 0; i < text.length; i++) {
    text[i] = ownText[i]!;
    commas[i] = ownCommas[i]!;
    flags[i]! &= ~HAS_BLOCK;
  }
  link.fill(0);
  paraChars.fill(0);
  paras.fill(0);
  for (let i = text.length - 1; i >= 0; i--) {
    // All of i's children (higher numbers) have added their sums by now.
    const f = flags[i]!;
    if ((f & LINK_TAG) !== 0) link[i] = text[i]!;
    if (paras[i] === 0 && paragraphLike(f, text[i]!) && link[i]! < text[i]! * 0.5) {
      paraChars[i] = text[i]! - link[i]!;
      paras[i] = 1;
    }
    const p = parent[i]!;
    if (p < 0 || (f & DROPPED) !== 0) continue;
    text[p]! += text[i]!;
    link[p]! += link[i]!;
    commas[p]! += commas[i]!;
    paraChars[p]! += paraChars[i]!;
    paras[p]! += paras[i]!;
    if ((f & (HAS_BLOCK | BLOCK_TAG)) !== 0 && text[i]! > 0) flags[p]! |= HAS_BLOCK;
  }
}
