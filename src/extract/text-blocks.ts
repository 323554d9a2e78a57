/**
 * The rendered story as a list of blocks (paragraphs, lines, headings), and
 * the passes over that list that drop what is not story: headings left
 * without a section, sections under a boilerplate heading, section labels at
 * the start, signatures and labels at the end. text.ts renders the blocks and
 * joins what these passes keep.
 */
import { isBoxHeading } from './lines.js';

export type BlockKind = 'para' | 'line' | 'heading';
export interface Block {
  text: string;
  kind: BlockKind;
  /** 1-6 for <h1>-<h6>, 0 otherwise. */
  level: number;
  /**
   * Not in a quotation, and either a box of its own (not one paragraph of a
   * run) whose last words are a link, trailing punctuation aside ("… in our
   * guide <a>How to …</a>"), or a short block whose last words are a web
   * address ("More at www.example.org.").
   */
  pointsAway: boolean;
}
/** Where something with text was left out (furniture, a link box): marks a section that lost its content. */
export const CUT: Block = { text: '', kind: 'para', level: 0, pointsAway: false };

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

/** A last line this short without a sentence's end is a signature, tag or label, not the story's end. */
const TRAILING_LABEL_CHARS = 40;
const SENTENCE_END = /[.!?…。！？»«"”“)]$/;

/** Short and without a sentence's end: a label, kicker or signature line. */
const isLabel = (t: string): boolean => t.length <= TRAILING_LABEL_CHARS && !SENTENCE_END.test(t);

/** Drops short unpunctuated lines from the end of the story ("Malte Welding", "Sponsoren"). */
function dropTrailingLabels(blocks: Block[]): Block[] {
  let end = blocks.length;
  while (end > 1) {
    const { text: t, kind } = blocks[end - 1]!;
    // List items and table rows are often short and unpunctuated by nature.
    if (kind === 'line' || !isLabel(t)) break;
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

/** A closing block longer than this is story even when it ends in a link. */
const PROMO_MAX_CHARS = 400;
/** How many closing blocks in a row can be promotions. */
const PROMO_MAX_BLOCKS = 2;

/**
 * The story's last block(s), when short, set in a box of their own and
 * ending in a link, point the reader elsewhere ("We explain it in our guide
 * <a>…</a>", "… <a>Order the issue here.</a>"): a promotion or teaser after
 * the story's end, whatever the language; so do one or two short closing
 * blocks that end in a web address ("Weitere Infos unter www.….de.",
 * "Permalink: https://…"), wherever they sit. They are cut like a box, so a
 * heading left without its section goes too. A story's own last paragraph
 * may end on a link too ("apply to <a>jobs@…</a>"), but it follows the
 * others in their container.
 */
function dropClosingPromos(blocks: Block[]): Block[] {
  let out = blocks;
  for (let n = 0; n < PROMO_MAX_BLOCKS; n++) {
    let last = out.length - 1;
    while (last >= 0 && out[last] === CUT) last--;
    const b = out[last];
    if (b === undefined || b.kind !== 'para' || !b.pointsAway || b.text.length > PROMO_MAX_CHARS) break;
    // Never the story's only paragraph.
    if (!out.some((o, i) => i < last && o.kind === 'para' && o !== CUT)) break;
    out = [...out.slice(0, last), CUT];
  }
  return out;
}

/** All the passes, in order. */
export function keptBlocks(blocks: Block[]): Block[] {
  return dropTrailingLabels(dropLeadingLabels(dropOrphanHeadings(dropClosingPromos(dropBoxSections(blocks)))));
}
