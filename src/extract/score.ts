/**
 * Content scoring: which element holds the story. Every paragraph-like block
 * gives points (more for length and commas, i.e. prose) to its parent and,
 * less, to its grandparent and great-grandparent; an element's score is then
 * damped by its link density and nudged by what its class/id say. The best
 * element wins, joined by siblings that look like more of the same story.
 */
import type { Element } from 'domhandler';
import { isTag } from 'domhandler';
import { classHint } from './clean.js';
import { indexOf, isExcluded, isParagraphLike, linkDensityAt, type DocumentStats } from './stats.js';

export interface ContentChoice {
  /** The story's container(s), in document order. */
  roots: Element[];
  /** Paragraph characters under the roots. */
  paraChars: number;
}

const ANCESTOR_SHARES = [1, 1 / 2, 1 / 3];

function tagBonus(el: Element): number {
  switch (el.name) {
    case 'article':
    case 'main':
      return 10;
    case 'div':
    case 'section':
      return 5;
    case 'pre':
    case 'td':
    case 'blockquote':
      return 3;
    case 'ul':
    case 'ol':
    case 'dl':
    case 'form':
    case 'li':
      return -3;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'th':
      return -5;
    default:
      return 0;
  }
}

function hintBonus(el: Element): number {
  const h = classHint(el);
  if (h === 'positive') return 25;
  if (h === 'weak' || h === 'strong') return -25;
  return 0;
}

export function chooseContent(ds: DocumentStats): ContentChoice | undefined {
  const { order, parent, paraChars } = ds;
  const raw = new Float64Array(order.length);
  const candidates: number[] = [];
  for (let i = 0; i < order.length; i++) {
    if (isExcluded(ds, i) || !isParagraphLike(ds, i) || ds.paras[i] !== 1 || paraChars[i] === 0) continue;
    // Only the innermost paragraph-like element scores (a <td> holding a <p> gives once).
    const points = 1 + Math.min(ds.commas[i]!, 10) + Math.min(Math.floor(ds.text[i]! / 100), 3);
    let anc = parent[i]!;
    for (const share of ANCESTOR_SHARES) {
      if (anc < 0) break;
      if (raw[anc] === 0) candidates.push(anc);
      raw[anc]! += points * share;
      anc = parent[anc]!;
    }
  }

  const finalScore = (i: number): number => (raw[i]! + tagBonus(order[i]!) + hintBonus(order[i]!)) * (1 - linkDensityAt(ds, i));
  const scored: Array<[number, number]> = [];
  for (const i of candidates) if (!isExcluded(ds, i)) scored.push([i, finalScore(i)]);
  if (scored.length === 0) return undefined;
  scored.sort((a, b) => b[1] - a[1]);
  let [top, topScore] = scored[0]!;

  // Story split over several containers: when near-best candidates share an
  // ancestor with the top one, take the ancestor.
  const rivals = scored.slice(1, 6).filter(([, sc]) => sc >= topScore * 0.75).map(([i]) => i);
  if (rivals.length >= 2) {
    let anc = top;
    for (let depth = 0; anc >= 0 && depth < 6; depth++) {
      const a = anc;
      const inside = rivals.filter((r) => containsAt(ds, a, r)).length;
      const name = order[a]!.name;
      if (inside >= 2 && name !== 'body' && name !== 'html') {
        top = a;
        topScore = Math.max(topScore, finalScore(a));
        break;
      }
      anc = parent[a]!;
    }
  }

  // A lone wrapper adds nothing: climb while the parent holds no more text.
  for (;;) {
    const p = parent[top]!;
    if (p < 0 || order[p]!.name === 'body' || order[p]!.name === 'html' || isExcluded(ds, p)) break;
    if (paraChars[p]! > paraChars[top]!) break;
    top = p;
  }

  // Siblings that continue the story.
  const roots: Element[] = [];
  const topEl = order[top]!;
  const parentEl = topEl.parent;
  const threshold = Math.max(10, topScore * 0.2);
  if (parentEl !== null && isTag(parentEl)) {
    for (const sib of parentEl.children) {
      if (!isTag(sib)) continue;
      const i = indexOf(ds, sib);
      if (i < 0 || isExcluded(ds, i)) continue;
      if (i === top) {
        roots.push(sib);
        continue;
      }
      const density = ds.text[i] === 0 ? 1 : linkDensityAt(ds, i);
      const sc = raw[i]! > 0 ? finalScore(i) : 0;
      const prose = sib.name === 'p' && paraChars[i]! > 0 && ds.text[i]! > 80 && density < 0.25;
      if (sc >= threshold || prose || moreOfTheSame(topEl, sib, i, ds)) roots.push(sib);
    }
  } else {
    roots.push(topEl);
  }
  const total = roots.reduce((n, r) => n + paraChars[indexOf(ds, r)]!, 0);
  return { roots, paraChars: total };
}

/** Below this link density a same-template sibling is story, not a teaser list. */
const SAME_TEMPLATE_MAX_LINK_DENSITY = 0.25;
/** Paragraph characters a same-template sibling needs: a section of story, not a label box ("Print", "Permalink"). */
const SAME_TEMPLATE_MIN_CHARS = 200;

/**
 * A sibling made from the same template as the story's container (same tag
 * and class) that holds paragraphs with few links: the next section of a
 * story a page builder split into blocks (section, figure, section, …).
 * Scoring misses it when the paragraphs sit deeper than three levels below
 * it, so its own score is nil.
 */
function moreOfTheSame(top: Element, sib: Element, i: number, ds: DocumentStats): boolean {
  const cls = top.attribs['class'];
  return (
    cls !== undefined && cls.trim() !== '' && sib.name === top.name && sib.attribs['class'] === cls &&
    ds.paraChars[i]! >= SAME_TEMPLATE_MIN_CHARS && linkDensityAt(ds, i) < SAME_TEMPLATE_MAX_LINK_DENSITY
  );
}

/** Is element number `node` inside (or) element number `ancestor`? */
function containsAt(ds: DocumentStats, ancestor: number, node: number): boolean {
  for (let n = node; n >= 0; n = ds.parent[n]!) if (n === ancestor) return true;
  return false;
}
