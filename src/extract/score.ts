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
import { isParagraphLike, type DocumentStats } from './stats.js';

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
  const { order, stats, excluded } = ds;
  const raw = new Map<Element, number>();
  for (const el of order) {
    if (excluded.has(el)) continue;
    const s = stats.get(el)!;
    if (!isParagraphLike(el, s) || s.paras !== 1 || s.paraChars === 0) continue;
    // Only the innermost paragraph-like element scores (a <td> holding a <p> gives once).
    const points = 1 + Math.min(s.commas, 10) + Math.min(Math.floor(s.text / 100), 3);
    let anc = el.parent;
    for (const share of ANCESTOR_SHARES) {
      if (anc === null || !isTag(anc)) break;
      raw.set(anc, (raw.get(anc) ?? 0) + points * share);
      anc = anc.parent;
    }
  }
  if (raw.size === 0) return undefined;

  const finalScore = (el: Element): number => {
    const s = stats.get(el)!;
    const density = s.text > 0 ? s.link / s.text : 0;
    return ((raw.get(el) ?? 0) + tagBonus(el) + hintBonus(el)) * (1 - density);
  };
  const scored: Array<[Element, number]> = [];
  for (const el of raw.keys()) if (stats.has(el) && !excluded.has(el)) scored.push([el, finalScore(el)]);
  if (scored.length === 0) return undefined;
  scored.sort((a, b) => b[1] - a[1]);
  let [top, topScore] = scored[0]!;

  // Story split over several containers: when near-best candidates share an
  // ancestor with the top one, take the ancestor.
  const rivals = scored.slice(1, 6).filter(([, sc]) => sc >= topScore * 0.75).map(([el]) => el);
  if (rivals.length >= 2) {
    let anc: Element | null = top;
    for (let depth = 0; anc !== null && depth < 6; depth++) {
      const a: Element = anc;
      const inside = rivals.filter((r) => contains(a, r)).length;
      if (inside >= 2 && a.name !== 'body' && a.name !== 'html') {
        top = a;
        topScore = Math.max(topScore, finalScore(a));
        break;
      }
      anc = a.parent !== null && isTag(a.parent) ? a.parent : null;
    }
  }

  // A lone wrapper adds nothing: climb while the parent holds no more text.
  for (;;) {
    const p = top.parent;
    if (p === null || !isTag(p) || p.name === 'body' || p.name === 'html' || excluded.has(p)) break;
    const ps = stats.get(p);
    if (ps === undefined || ps.paraChars > stats.get(top)!.paraChars) break;
    top = p;
  }

  // Siblings that continue the story.
  const roots: Element[] = [];
  const parent = top.parent;
  const threshold = Math.max(10, topScore * 0.2);
  if (parent !== null && isTag(parent)) {
    for (const sib of parent.children) {
      if (!isTag(sib) || excluded.has(sib) || !stats.has(sib)) continue;
      if (sib === top) {
        roots.push(sib);
        continue;
      }
      const s = stats.get(sib)!;
      const density = s.text > 0 ? s.link / s.text : 1;
      const sc = raw.has(sib) ? finalScore(sib) : 0;
      const prose = sib.name === 'p' && s.paraChars > 0 && s.text > 80 && density < 0.25;
      if (sc >= threshold || prose) roots.push(sib);
    }
  } else {
    roots.push(top);
  }
  const paraChars = roots.reduce((n, r) => n + stats.get(r)!.paraChars, 0);
  return { roots, paraChars };
}

export function contains(ancestor: Element, node: Element): boolean {
  for (let n: Element | null = node; n !== null; n = n.parent !== null && isTag(n.parent) ? n.parent : null) {
    if (n === ancestor) return true;
  }
  return false;
}
