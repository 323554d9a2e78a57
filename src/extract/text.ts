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
import { BOX_TAGS, isBoilerplateBox, isLinkedTitleRun } from './boxes.js';
import { isBoxHeading, isFurnitureLine, isServerErrorLine, withoutCredit } from './lines.js';
import { CUT, keptBlocks, type Block, type BlockKind } from './text-blocks.js';
import { normalizeSpace, stripNul, textOf } from './dom.js';
import { BLOCK_TAGS, HEADING_TAGS } from './blocks.js';
import { hasBlock, indexOf, isDropped, isExcluded, linkDensityAt, type DocumentStats } from './stats.js';

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
  /** Leaving an <a>: only the link depth changes. */
  link?: boolean;
}

/** Text with a letter or digit: words, not the punctuation or spacing after a link. */
const WORDS = /[\p{L}\p{N}]/u;

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

/**
 * Is block element number `i` a box of its own rather than one paragraph of
 * a run: text straight in a <div> or the like, or a <p> alone in its
 * wrapper? A teaser or promotion is set apart in a box; the story's
 * paragraphs follow one another in one container.
 */
function standsAlone(i: number, ds: DocumentStats): boolean {
  if (i < 0) return false;
  if (ds.order[i]!.name !== 'p') return true;
  const p = ds.parent[i]!;
  return p >= 0 && ds.text[p] === ds.text[i];
}

/** Up to about one sentence: a block this short ending in a web address sends the reader there; a longer one is prose that names it. */
const ADDRESS_LINE_MAX_CHARS = 160;
/** A web address as the last word, trailing punctuation aside: with a scheme or "www.", or a bare domain (an e-mail address has an "@" and is not one). */
const WEB_ADDRESS_WORD = /^(?:https?:\/\/\S+|www\.\S+|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,6}(?:\/\S*)?)$/iu;
const TRAILING_PUNCTUATION = /[.!)]$/;

/**
 * A short block whose last words are a web address points the reader
 * elsewhere ("Weitere Infos unter www.itfjuniors.de.", "Permalink:
 * https://…", "Bildcredit: … depositphotos.com"), in any language, whether
 * or not the address is a link, and even when it sits in the story's own
 * run of paragraphs: the address is the pointer. (Only the story's closing
 * blocks are cut for it, text-blocks.ts.)
 */
function endsInWebAddress(text: string): boolean {
  if (text.length > ADDRESS_LINE_MAX_CHARS) return false;
  // Only the last word is read (one anchored match, no scan of the block).
  let word = text.slice(Math.max(text.lastIndexOf(' '), text.lastIndexOf('\n')) + 1);
  if (TRAILING_PUNCTUATION.test(word)) word = word.slice(0, -1);
  return !word.includes('@') && WEB_ADDRESS_WORD.test(word);
}

/** The mark blogs put where an excerpt of a longer post breaks off: "[…]", "[...]". */
const EXCERPT_END = /\[(…|\.\.\.)\]$/;

export function renderText(roots: Element[], ds: DocumentStats, opts: RenderOptions = {}): string {
  const rootSet = new Set(roots);
  let storyChars = 0;
  for (const r of roots) storyChars += ds.paraChars[indexOf(ds, r)] ?? 0;
  const blocks: Block[] = [];
  // Text of the open block: finished lines (ended by <br>) and the current line's pieces.
  let lines: string[] = [];
  let parts: string[] = [];
  let preDepth = 0;
  let quoteDepth = 0;
  let linkDepth = 0;
  // Were the open block's last words inside a link?
  let endsInLink = false;
  // Kind of the innermost open block: pending inline text belongs to it.
  const kinds: BlockKind[] = ['para'];
  const levels: number[] = [0];
  // Element number of the innermost open block (-1: none).
  const opened: number[] = [-1];

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
    const kept = raw.map(withoutCredit).filter((l) => l.trim() !== '' && !isServerErrorLine(l));
    const linked = endsInLink;
    endsInLink = false;
    const whole = kept.join('\n');
    // A boilerplate heading stays for now: dropBoxSections cuts its section with it.
    if (whole === '' || (isFurnitureLine(whole) && !(kind === 'heading' && isBoxHeading(whole)))) return;
    // The line rules hold for the first and last lines of a block broken by <br> too, not only for the block
    // as a whole: "von tennisnet.com<br>zuletzt bearbeitet: 04.02.2022, 08:27 Uhr" is a byline and a date
    // line, "caption<br>Foto: …" a caption and a credit. A date between other lines is a schedule's
    // ("Next meeting<br>5 December 2019 at …<br>1 pm: …"), so the lines in between are left alone; so are
    // <pre> (code, verse) and headings (dropBoxSections reads their titles).
    const atEdge = (i: number): boolean => i === 0 || i === kept.length - 1;
    const text = kept.length > 1 && preDepth === 0 && kind !== 'heading' ? kept.filter((l, i) => !(atEdge(i) && isFurnitureLine(l))).join('\n') : whole;
    if (text === '') return;
    // "[…]" closes an excerpt of another post (a teaser): cut it like a box, so its title goes too.
    // (In a quotation it marks words left out of the quote.)
    if (quoteDepth === 0 && EXCERPT_END.test(text)) {
      if (blocks[blocks.length - 1] !== CUT) blocks.push(CUT);
      return;
    }
    // A quoted post ends in its author's link ("— Name (@name) date") or its picture's address: that is the quote's, not a pointer away.
    const pointsAway = quoteDepth === 0 && ((linked && standsAlone(opened[opened.length - 1]!, ds)) || endsInWebAddress(text));
    blocks.push({ text, kind, level: levels[levels.length - 1]!, pointsAway });
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
      if (item.link === true) {
        linkDepth--;
        continue;
      }
      const el = item.exit;
      flush();
      kinds.pop();
      levels.pop();
      opened.pop();
      if (el.name === 'pre') preDepth--;
      if (el.name === 'blockquote') quoteDepth--;
      if (item.lead === true) inLead--;
      continue;
    }
    if (isText(item)) {
      parts.push(item.data);
      // Only words can change it (the regex is skipped for text that would not).
      if (endsInLink !== linkDepth > 0 && WORDS.test(item.data)) endsInLink = linkDepth > 0;
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
      opened.push(i);
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
    // A stream of linked-title teasers is cut whatever its size: it is never the story, even when longer than it.
    if (BOX_TAGS.has(el.name) && inLead === 0 && isLinkedTitleRun(el, ds)) {
      cut();
      continue;
    }
    // A box titled as boilerplate ("Newsletter", "More from ...") is cut whole, unless it is most of the story.
    if (BOX_TAGS.has(el.name) && !rootSet.has(el) && inLead === 0 && ds.paraChars[i]! * 2 < storyChars) {
      if (isBoilerplateBox(el, ds)) {
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
      opened.push(i);
      if (el.name === 'pre') preDepth++;
      if (el.name === 'blockquote') quoteDepth++;
      stack.push({ exit: el });
    } else if (el.name === 'a') {
      // (Extraction's parse keeps no href: every <a> counts as a link, as in the link density.)
      linkDepth++;
      stack.push({ exit: el, link: true });
    }
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  flush();

  const kept = keptBlocks(blocks);
  let out = '';
  for (let i = 0; i < kept.length; i++) {
    const b = kept[i]!;
    if (i > 0) out += b.kind === 'line' && kept[i - 1]!.kind === 'line' ? '\n' : '\n\n';
    out += b.text;
  }
  return out;
}
