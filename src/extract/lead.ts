/**
 * The standfirst: the lead paragraph(s) between the headline and the story
 * body. Sites often put it outside the container the scorer picks (in the
 * article's <header>, an "intro" or "teaser" box, an <h2> under the
 * headline), and it is often the one sentence that names a person in full.
 *
 * Rules, in order:
 * 1. The body starts at the first paragraph the chosen containers render.
 * 2. The headline is the nearest <h1>-<h3> (or itemprop=headline) before the
 *    body start whose text is the title (else the nearest <h1>), at most
 *    MAX_GAP elements back.
 *    No headline before the body: no standfirst.
 * 3. Candidates are the innermost paragraph-like blocks strictly between the
 *    headline and the body start that the containers do not render already.
 * 4. A candidate is standfirst when it reads as prose: MIN_CHARS characters
 *    outside links at least, link density under MAX_LINK_DENSITY, not a
 *    furniture line, not the title again.
 * 5. Soft furniture does not hide it (a <header>, <hgroup>, or a box named
 *    by layout words); strong furniture does (share, related, byline,
 *    comments, nav, aside, footer, captions), except on the headline's
 *    subtitle: the headline's next sibling with text, when it is prose
 *    (SUBTITLE_MIN_CHARS and a sentence's end) and only its own class
 *    names call it furniture. Class words misfire there (a typography
 *    class "caption-s5" on the standfirst), and a byline or share bar is
 *    not sentences.
 * 6. At most MAX_BLOCKS blocks.
 */
import type { Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { isSoftFurniture } from './clean.js';
import { isFurnitureLine } from './lines.js';
import { textOf } from './dom.js';
import { indexOf, isExcluded, isParagraphLike, type DocumentStats } from './stats.js';
import { sameHeadline } from './text.js';

const MAX_GAP = 200;
const HEADLINE_TAGS = new Set(['h1', 'h2', 'h3']);
const MIN_CHARS = 60;
const MAX_LINK_DENSITY = 0.2;
const MAX_BLOCKS = 4;
const SUBTITLE_MIN_CHARS = 100;
const SUBTITLE_TAGS = new Set(['p', 'div', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SENTENCE_END = /[.!?…"“”»]$/;

function innermostParagraph(el: Element, i: number, ds: DocumentStats): boolean {
  if (!isParagraphLike(ds, i)) return false;
  for (const c of el.children) {
    if (!isTag(c)) continue;
    const ci = indexOf(ds, c);
    if (ci >= 0 && ds.paras[ci]! > 0) return false;
  }
  return true;
}

const parentTag = (n: Element): Element | null => (n.parent !== null && isTag(n.parent) ? n.parent : null);

/** Is `el` inside (or one of) `set`? */
function inside(el: Element, set: ReadonlySet<Element>): boolean {
  for (let n: Element | null = el; n !== null; n = parentTag(n)) if (set.has(n)) return true;
  return false;
}

function within(el: Element, ancestor: Element): boolean {
  for (let n: Element | null = el; n !== null; n = parentTag(n)) if (n === ancestor) return true;
  return false;
}

/** First element the roots render as a paragraph (rule 1): a walk of the roots, skipping what is left out. */
function bodyStart(roots: Element[], ds: DocumentStats): number | undefined {
  const stack: Element[] = [...roots].reverse();
  while (stack.length > 0) {
    const el = stack.pop()!;
    const i = indexOf(ds, el);
    if (i < 0 || isExcluded(ds, i) || ds.paraChars[i] === 0) continue;
    if (innermostParagraph(el, i, ds)) return i;
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i]!;
      if (isTag(c)) stack.push(c);
    }
  }
  return undefined;
}

/** Hidden by furniture that is not soft (rule 5)? */
function hiddenByFurniture(el: Element, ds: DocumentStats): boolean {
  for (let n: Element | null = el; n !== null; n = parentTag(n)) {
    const kind = ds.dropKinds.get(n);
    if (kind !== undefined && !isSoftFurniture(n, kind)) return true;
  }
  return false;
}

/** The headline's subtitle, hidden by nothing but its own class names (rule 5)? */
function isSubtitle(el: Element, head: Element, ds: DocumentStats): boolean {
  const parent = parentTag(el);
  if (parent === null || el.parent !== head.parent || !SUBTITLE_TAGS.has(el.name) || el.attribs['role'] !== undefined) return false;
  if (ds.dropKinds.get(el) !== 'strong' || hiddenByFurniture(parent, ds)) return false;
  // Nothing with text between the headline and it (walked back from it: the gap is short, the sibling list may not be).
  for (let c = el.prev; c !== null; c = c.prev) {
    if (c === head) {
      const words = textOf(el, 2000);
      return words.length >= SUBTITLE_MIN_CHARS && SENTENCE_END.test(words);
    }
    if (isTag(c) ? ds.text[indexOf(ds, c)]! > 0 : isText(c) && c.data.trim() !== '') return false;
  }
  return false;
}

export function findStandfirst(roots: Element[], ds: DocumentStats, title: string | undefined): Element[] {
  if (roots.length === 0) return [];
  const start = bodyStart(roots, ds);
  if (start === undefined) return [];
  let headline: number | undefined;
  let firstH1: number | undefined;
  for (let i = start - 1; i >= 0 && i >= start - MAX_GAP; i--) {
    const el = ds.order[i]!;
    if (!HEADLINE_TAGS.has(el.name) && el.attribs['itemprop'] !== 'headline') continue;
    if (title !== undefined && sameHeadline(textOf(el, 1000), title)) {
      headline = i;
      break;
    }
    if (el.name === 'h1' && firstH1 === undefined) firstH1 = i;
  }
  headline ??= firstH1;
  if (headline === undefined) return [];

  const rootSet = new Set(roots);
  const head = ds.order[headline]!;
  const leads: Element[] = [];
  for (let i = headline + 1; i < start && leads.length < MAX_BLOCKS; i++) {
    const el = ds.order[i]!;
    const text = ds.text[i]!;
    const link = ds.link[i]!;
    // Cheap tests first: most elements here are not prose.
    if (text - link < MIN_CHARS || link > text * MAX_LINK_DENSITY || !innermostParagraph(el, i, ds)) continue;
    if (within(el, head)) continue;
    if (!isExcluded(ds, i) && inside(el, rootSet)) continue;
    if (leads.length > 0 && inside(el, new Set(leads))) continue;
    if (hiddenByFurniture(el, ds) && !isSubtitle(el, head, ds)) continue;
    const words = textOf(el, 2000);
    if (isFurnitureLine(words) || (title !== undefined && sameHeadline(words, title))) continue;
    leads.push(el);
  }
  return leads;
}
