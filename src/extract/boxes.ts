/**
 * Boxes inside the story's container that are not story, found by their
 * shape: a box whose title is boilerplate ("Newsletter", "More from ..."),
 * a run of teaser cards made from one template, and a run of teasers whose
 * titles are links. text.ts cuts them whole.
 */
import type { Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { HEADING_TAGS } from './blocks.js';
import { textOf } from './dom.js';
import { isBoxHeading } from './lines.js';
import { hasBlock, indexOf, type DocumentStats } from './stats.js';

/** Containers that can be a box of their own (a newsletter form, a "more from" list). */
export const BOX_TAGS = new Set(['div', 'section', 'aside', 'ul', 'ol', 'dl', 'form', 'table', 'details', 'header', 'footer', 'nav', 'figure']);
/** How deep to look for a box's first element (wrappers inside wrappers). */
const BOX_HEADING_DEPTH = 6;

/** `firstChildWithText`'s answer when bare text comes before any element with text. */
const BARE_TEXT = -2;

/**
 * The element number of `n`'s first child element with text; BARE_TEXT when
 * non-blank text comes first, -1 when no child has text.
 */
function firstChildWithText(n: Element, ds: DocumentStats): number {
  for (const c of n.children) {
    if (isText(c)) {
      if (c.data.trim() !== '') return BARE_TEXT;
      continue;
    }
    if (!isTag(c)) continue;
    const i = indexOf(ds, c);
    if (i >= 0 && ds.text[i]! > 0) return i;
  }
  return -1;
}

/**
 * The box's first element with text, when it is short and block-free (a
 * heading, a bold label): its title. Undefined when text comes first.
 */
function boxTitle(el: Element, ds: DocumentStats): string | undefined {
  let n = el;
  for (let depth = 0; depth < BOX_HEADING_DEPTH; depth++) {
    const at = firstChildWithText(n, ds);
    if (at < 0) return undefined;
    const first = ds.order[at]!;
    if (HEADING_TAGS.has(first.name) || !hasBlock(ds, at)) return ds.text[at]! <= 80 ? textOf(first, 200) : undefined;
    n = first;
  }
  return undefined;
}

/** What a teaser card can be: a box of blocks, not a paragraph or a list item (lists have their own rule). */
const CARD_TAGS = new Set(['div', 'article', 'section', 'figure']);
const CARD_MAX_CHARS = 300;
const MIN_CARDS = 3;

/**
 * A run of teaser cards: at least MIN_CARDS children made from one template
 * (same tag and class), each short and linking somewhere ("a title, a
 * sentence, a link" to other stories). Link density misses them when the
 * title is not itself the link. Headings between them are allowed.
 */
function isTeaserCards(el: Element, ds: DocumentStats): boolean {
  let cards = 0;
  let template: string | undefined;
  for (const c of el.children) {
    if (!isTag(c)) {
      if (isText(c) && c.data.trim() !== '') return false;
      continue;
    }
    const i = indexOf(ds, c);
    if (i < 0 || ds.text[i] === 0 || HEADING_TAGS.has(c.name)) continue;
    // A card holds blocks (its title, its text); a <div> of bare text is a paragraph.
    if (!CARD_TAGS.has(c.name) || !hasBlock(ds, i) || ds.link[i] === 0 || ds.text[i]! > CARD_MAX_CHARS) return false;
    const t = `${c.name} ${c.attribs['class'] ?? ''}`;
    if (template === undefined) template = t;
    else if (t !== template) return false;
    cards++;
  }
  return cards >= MIN_CARDS;
}

/** The first element with text inside `el` (itself when its text comes first), down to BOX_HEADING_DEPTH levels. */
function firstTextElement(el: Element, ds: DocumentStats): number {
  let n = el;
  for (let depth = 0; depth < BOX_HEADING_DEPTH; depth++) {
    const at = firstChildWithText(n, ds);
    if (at === BARE_TEXT) return indexOf(ds, n);
    if (at < 0) return -1;
    const next = ds.order[at]!;
    if (HEADING_TAGS.has(next.name)) return at;
    n = next;
  }
  return -1;
}

const TEASER_MIN_ITEMS = 3;
/** A teaser is a title and a summary; a listicle's item is longer, or has paragraphs of its own. */
const TEASER_MAX_CHARS = 500;
const TEASER_MAX_PARAGRAPHS = 2;
/** A title this much link is a link to another page. */
const LINKED_TITLE_SHARE = 0.9;

/**
 * A run of teasers whose titles are links: at least TEASER_MIN_ITEMS
 * children, each at most TEASER_MAX_CHARS in at most TEASER_MAX_PARAGRAPHS
 * paragraphs (a title and a summary) and opening with a heading that is
 * all link: "<li><h3><a>Other story</a></h3><p>Its summary…</p></li>".
 * The summaries keep the link density low, and such a stream can hold more
 * text than the story beside it; a story's own section headings do not
 * link away, and a listicle's items have paragraphs of their own.
 */
export function isLinkedTitleRun(el: Element, ds: DocumentStats): boolean {
  const at = indexOf(ds, el);
  if (at < 0 || ds.link[at] === 0 || el.children.length < TEASER_MIN_ITEMS) return false;
  let items = 0;
  for (const c of el.children) {
    if (!isTag(c)) continue;
    const i = indexOf(ds, c);
    if (i < 0 || ds.text[i] === 0) continue;
    const t = firstTextElement(c, ds);
    if (ds.text[i]! > TEASER_MAX_CHARS || ds.paras[i]! > TEASER_MAX_PARAGRAPHS || t < 0 || !HEADING_TAGS.has(ds.order[t]!.name) || ds.link[t]! < ds.text[t]! * LINKED_TITLE_SHARE) return false;
    items++;
  }
  return items >= TEASER_MIN_ITEMS;
}

/** A box to cut whole: titled as boilerplate, or a run of teaser cards. */
export function isBoilerplateBox(el: Element, ds: DocumentStats): boolean {
  const title = boxTitle(el, ds);
  return (title !== undefined && isBoxHeading(title)) || isTeaserCards(el, ds);
}
