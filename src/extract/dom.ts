/**
 * Small helpers over the domhandler tree that cheerio builds. Every walk is
 * iterative with an explicit stack: pages can nest deeply and recursion over
 * the DOM would overflow the call stack.
 */
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';

export function attr(el: Element, name: string): string | undefined {
  const v = el.attribs[name];
  return v === undefined ? undefined : v;
}

/**
 * Collapses runs of whitespace (incl. NBSP) to one space and trims. Also
 * drops NUL characters, as browsers do in text: htmlparser2 keeps them, and
 * looking for them here (in the little text we output) is cheaper than in
 * the whole page before parsing.
 */
export function normalizeSpace(s: string): string {
  return stripNul(s).replace(/[\s\u00a0]+/g, ' ').trim();
}

export function stripNul(s: string): string {
  return s.includes('\u0000') ? s.replace(/\u0000/g, '') : s;
}

/** Visits elements in document order; `enter` returning false skips the subtree. */
export function walkElements(root: AnyNode, enter: (el: Element) => boolean | void): void {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isTag(node) && enter(node) === false) continue;
    const kids = (node as { children?: AnyNode[] }).children;
    if (kids === undefined) continue;
    // Only nodes with children can be or hold elements: text and comments are not stacked.
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i]!;
      if ((k as { children?: AnyNode[] }).children !== undefined) stack.push(k);
    }
  }
}

/** Concatenated text of a subtree (no block separation): for titles, bylines, meta-like nodes. */
export function textOf(root: AnyNode, limit = 10_000): string {
  const parts: string[] = [];
  let size = 0;
  const stack: AnyNode[] = [root];
  while (stack.length > 0 && size < limit) {
    const node = stack.pop()!;
    if (isText(node)) {
      parts.push(node.data);
      size += node.data.length;
      continue;
    }
    if (isTag(node) && (node.name === 'script' || node.name === 'style' || node.name === 'template')) continue;
    const kids = (node as { children?: AnyNode[] }).children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return normalizeSpace(parts.join(''));
}

/** Raw text content of a script-like element (its text children joined). */
export function rawText(el: Element): string {
  let s = '';
  for (const c of el.children) if (isText(c)) s += c.data;
  return s;
}
