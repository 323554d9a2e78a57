/**
 * Renders the story's container(s) as plain text: one paragraph per block
 * element, separated by a blank line; list items and table rows one per
 * line; <br> a line break; inline elements flow into their paragraph
 * without adding or removing spaces (so "<b>Steve</b> Witkoff" stays
 * "Steve Witkoff"). Leaves out excluded nodes, link-heavy boxes inside the
 * story, furniture lines ("Advertisement") and the headline.
 */
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { isBoxHeading, isFurnitureLine, isServerErrorLine } from './clean.js';
import { normalizeSpace, stripNul, textOf } from './dom.js';
import { BLOCK_TAGS } from './blocks.js';
import { hasBlock, indexOf, isDropped, isExcluded, linkDensityAt, type DocumentStats } from './stats.js';

type BlockKind = 'para' | 'line' | 'heading';
interface Block {
  text: string;
  kind: BlockKind;
  /** 1-6 for <h1>-<h6>, 0 otherwise. */
  level: number;
}
/** Where something with text was left out (furniture, a link box): marks a section that lost its content. */
const CUT: Block = { text: '', kind: 'para', level: 0 };

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** A label line: "Weitere Informationen:", "Contact:". */
const LABEL_MAX_CHARS = 60;

const isHeadingLike = (b: Block): boolean => b.kind === 'heading' || (b.text.length <= LABEL_MAX_CHARS && /[:：]$/.test(b.text));

/**
 * Headings left without a section: one followed by nothing, or whose content
 * was all cut out before the next heading (the title of a "related" box, a
 * comment form, a share prompt).
 */
function dropOrphanHeadings(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b === CUT) continue;
    if (isHeadingLike(b)) {
      let j = i + 1;
      let cut = false;
      while (j < blocks.length && blocks[j] === CUT) {
        cut = true;
        j++;
      }
      const next = blocks[j];
      if (next === undefined || (cut && isHeadingLike(next))) continue;
    }
    out.push(b);
  }
  return out;
}

const LINE_TAGS = new Set(['li', 'tr', 'dt', 'dd']);
const CELL_TAGS = new Set(['td', 'th']);
/** Containers that are cut out of the story when mostly links (related lists, tag clouds). */
const LINK_BOX_TAGS = new Set(['div', 'section', 'ul', 'ol', 'dl', 'table', 'form', 'figure', 'p', 'span', 'header', 'footer', 'nav', 'aside']);

/** Characters outside links that make a mostly-linked paragraph prose rather than a link box. */
const PROSE_AROUND_LINKS = 40;

export interface RenderOptions {
  /** The article's title: a heading repeating it is the headline, not body text. */
  title?: string;
  /**
   * Blocks rendered before the roots even when furniture around them is
   * left out (the standfirst, lead.ts); furniture inside them still is.
   */
  leads?: Element[];
}

interface ExitMarker {
  exit: Element;
  lead?: boolean;
}

/** A last line this short without a sentence's end is a signature, tag or label, not the story's end. */
const TRAILING_LABEL_CHARS = 40;

/** Drops short unpunctuated lines from the end of the story ("Malte Welding", "Sponsoren"). */
function dropTrailingLabels(blocks: Block[]): Block[] {
  let end = blocks.length;
  while (end > 1) {
    const { text: t, kind } = blocks[end - 1]!;
    // List items and table rows are often short and unpunctuated by nature.
    if (kind === 'line' || t.length > TRAILING_LABEL_CHARS || /[.!?…。！？»«"”“)]$/.test(t)) break;
    end--;
  }
  return end === blocks.length ? blocks : blocks.slice(0, end);
}

/**
 * A boilerplate heading inside the story's own container ("Mehr zum Thema",
 * "Related"): its section is teasers, not story. The section ends at the next
 * heading, or where something was cut out: a link list cut there was the
 * box's content, and what follows is the story again.
 */
function dropBoxSections(blocks: Block[]): Block[] {
  const out: Block[] = [];
  let skipping = false;
  for (const b of blocks) {
    if (b.kind === 'heading') skipping = isBoxHeading(b.text);
    else if (b === CUT) skipping = false;
    if (skipping) {
      if (out[out.length - 1] !== CUT) out.push(CUT);
      continue;
    }
    out.push(b);
  }
  return out;
}

/**
 * Drops short unpunctuated lines at the very start when a heading follows
 * them: section labels and kickers above the story ("Wohnen", "Politik >
 * Inland"), not its first words.
 */
function dropLeadingLabels(blocks: Block[]): Block[] {
  let start = 0;
  while (start < blocks.length && blocks[start]!.kind !== 'heading' && isLabel(blocks[start]!.text)) start++;
  if (blocks[start]?.kind !== 'heading') return blocks;
  // A heading straight above one of the same or higher rank titles the page's section ("Pressemitteilungen"), not the story.
  while (isSectionTitle(blocks[start]!, blocks[start + 1])) start++;
  return start > 0 ? blocks.slice(start) : blocks;
}

const isSectionTitle = (b: Block, next: Block | undefined): boolean =>
  b.kind === 'heading' && next?.kind === 'heading' && next.level > 0 && next.level <= b.level && isLabel(b.text);

const isLabel = (t: string): boolean => t.length <= TRAILING_LABEL_CHARS && !/[.!?…。！？»«"”“)]$/.test(t);

/** Below the link-box density, a list is still a list of links when every item links somewhere ("More stories": a teaser phrase and a link each). */
const LINK_LIST_DENSITY = 0.3;
const LINK_LIST_MIN_ITEMS = 3;

function isLinkList(el: Element, i: number, ds: DocumentStats): boolean {
  if ((el.name !== 'ul' && el.name !== 'ol') || linkDensityAt(ds, i) < LINK_LIST_DENSITY) return false;
  let items = 0;
  for (const c of el.children) {
    if (!isTag(c) || c.name !== 'li') continue;
    const ci = indexOf(ds, c);
    if (ci < 0 || ds.link[ci] === 0) return false;
    items++;
  }
  return items >= LINK_LIST_MIN_ITEMS;
}

export function sameHeadline(a: string, b: string): boolean {
  const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const x = norm(a);
  const y = norm(b);
  return x !== '' && (x === y || (y.length > 20 && x.startsWith(y)) || (x.length > 20 && y.startsWith(x)));
}

/** Containers that can be a box of their own (a newsletter form, a "more from" list). */
const BOX_TAGS = new Set(['div', 'section', 'aside', 'ul', 'ol', 'dl', 'form', 'table', 'details', 'header', 'footer', 'nav', 'figure']);
/** How deep to look for a box's first element (wrappers inside wrappers). */
const BOX_HEADING_DEPTH = 6;

/**
 * The box's first element with text, when it is short and block-free (a
 * heading, a bold label): its title. Undefined when text comes first.
 */
function boxTitle(el: Element, ds: DocumentStats): string | undefined {
  let n = el;
  for (let depth = 0; depth < BOX_HEADING_DEPTH; depth++) {
    let first: Element | undefined;
    let firstAt = -1;
    for (const c of n.children) {
      if (isText(c)) {
        if (c.data.trim() !== '') return undefined;
        continue;
      }
      if (!isTag(c)) continue;
      const i = indexOf(ds, c);
      if (i < 0 || ds.text[i] === 0) continue;
      first = c;
      firstAt = i;
      break;
    }
    if (first === undefined) return undefined;
    if (HEADING_TAGS.has(first.name) || !hasBlock(ds, firstAt)) return ds.text[firstAt]! <= 80 ? textOf(first, 200) : undefined;
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

export function renderText(roots: Element[], ds: DocumentStats, opts: RenderOptions = {}): string {
  const rootSet = new Set(roots);
  let storyChars = 0;
  for (const r of roots) storyChars += ds.paraChars[indexOf(ds, r)] ?? 0;
  const blocks: Block[] = [];
  // Text of the open block: finished lines (ended by <br>) and the current line's pieces.
  let lines: string[] = [];
  let parts: string[] = [];
  let preDepth = 0;
  // Kind of the innermost open block: pending inline text belongs to it.
  const kinds: BlockKind[] = ['para'];
  const levels: number[] = [0];

  const endLine = (): void => {
    lines.push(parts.length === 1 ? parts[0]! : parts.join(''));
    parts = [];
  };
  const flush = (): void => {
    const kind = kinds[kinds.length - 1]!;
    if (parts.length === 0 && lines.length === 0) return;
    endLine();
    // In <pre>, text keeps its own line breaks and spacing.
    const raw = preDepth > 0 ? lines.join('\n').split('\n').map((l) => stripNul(l).replace(/\s+$/, '')) : lines.map(normalizeSpace);
    lines = [];
    const text = raw.filter((l) => l.trim() !== '' && !isServerErrorLine(l)).join('\n');
    // A boilerplate heading stays for now: dropBoxSections cuts its section with it.
    if (text === '' || (isFurnitureLine(text) && !(kind === 'heading' && isBoxHeading(text)))) return;
    blocks.push({ text, kind, level: levels[levels.length - 1]! });
  };

  const cut = (): void => {
    flush();
    if (blocks[blocks.length - 1] !== CUT) blocks.push(CUT);
  };

  const leads = new Set(opts.leads ?? []);
  // Inside a lead, only furniture of its own is left out, not what surrounds it.
  let inLead = 0;
  const stack: Array<AnyNode | ExitMarker> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i]!);
  for (let i = (opts.leads ?? []).length - 1; i >= 0; i--) stack.push(opts.leads![i]!);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ('exit' in item) {
      const el = item.exit;
      flush();
      kinds.pop();
      levels.pop();
      if (el.name === 'pre') preDepth--;
      if (item.lead === true) inLead--;
      continue;
    }
    if (isText(item)) {
      parts.push(item.data);
      continue;
    }
    if (!isTag(item)) continue;
    const el = item;
    const i = indexOf(ds, el);
    if (i < 0) continue;
    if (leads.has(el)) {
      inLead++;
      flush();
      kinds.push('para');
      levels.push(0);
      stack.push({ exit: el, lead: true });
    } else if (isExcluded(ds, i) && (inLead === 0 || isDropped(ds, i))) {
      if (ds.text[i]! > 0) cut();
      continue;
    }
    if (el.name === 'br') {
      endLine();
      continue;
    }
    // A <span> is a box only when it holds blocks; inline, it is part of a sentence ("(N225)").
    // A paragraph with words of its own around its links is prose ("Monday's deals include <a>…</a>").
    const box =
      LINK_BOX_TAGS.has(el.name) && (el.name !== 'span' || hasBlock(ds, i)) && !(el.name === 'p' && ds.text[i]! - ds.link[i]! >= PROSE_AROUND_LINKS);
    if ((box && linkDensityAt(ds, i) > 0.5) || isLinkList(el, i, ds)) {
      cut();
      continue;
    }
    // A box titled as boilerplate ("Newsletter", "More from ...") is cut whole, unless it is most of the story.
    if (BOX_TAGS.has(el.name) && !rootSet.has(el) && inLead === 0 && ds.paraChars[i]! * 2 < storyChars) {
      const title = boxTitle(el, ds);
      if ((title !== undefined && isBoxHeading(title)) || isTeaserCards(el, ds)) {
        cut();
        continue;
      }
    }
    if (/^h[1-3]$/.test(el.name) && opts.title !== undefined && sameHeadline(textOf(el, 1000), opts.title)) continue;
    if (CELL_TAGS.has(el.name)) parts.push(' ');
    if (BLOCK_TAGS.has(el.name) && !CELL_TAGS.has(el.name)) {
      flush();
      kinds.push(LINE_TAGS.has(el.name) ? 'line' : HEADING_TAGS.has(el.name) ? 'heading' : 'para');
      levels.push(HEADING_TAGS.has(el.name) ? el.name.charCodeAt(1) - 48 : 0);
      if (el.name === 'pre') preDepth++;
      stack.push({ exit: el });
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  flush();

  const kept = dropTrailingLabels(dropLeadingLabels(dropOrphanHeadings(dropBoxSections(blocks))));
  let out = '';
  for (let i = 0; i < kept.length; i++) {
    const b = kept[i]!;
    if (i > 0) out += b.kind === 'line' && kept[i - 1]!.kind === 'line' ? '\n' : '\n\n';
    out += b.text;
  }
  return out;
}
