/**
 * Gives htmlparser2's tree the document shape parse5 (and a browser) builds:
 * Document → <html> → <head>, <body>, with every piece of content inside
 * <body>. htmlparser2 implies no elements, so without this a fragment has no
 * <body>, content after an early `</body>` or `</html>` sits outside it, and
 * a page that never closes <head> keeps its story inside <head> (which the
 * extractor skips as never-text).
 *
 * Only the top of the tree is touched: the root's, <html>'s and <head>'s
 * children; the content's own subtrees are moved as they are.
 */
import type { AnyNode, Document, ParentNode } from 'domhandler';
import { Element, isTag, isText } from 'domhandler';

/** What <head> may hold; parse5 closes <head> at the first other node. */
const HEAD_CONTENT = new Set(['meta', 'link', 'title', 'style', 'script', 'noscript', 'base', 'template', 'basefont', 'bgsound']);

const isBlank = (n: AnyNode): boolean => isText(n) && /^[\t\n\f\r ]*$/.test(n.data);
const named = (n: AnyNode, name: string): n is Element => isTag(n) && n.name === name;

function setChildren(parent: ParentNode, children: AnyNode[]): void {
  parent.children = children;
  for (let i = 0; i < children.length; i++) {
    const c = children[i]!;
    c.parent = parent;
    c.prev = i > 0 ? children[i - 1]! : null;
    c.next = i + 1 < children.length ? children[i + 1]! : null;
  }
}

/** Rebuilds the document's top levels in place when they are not html > head + body already. */
export function normalizeDocument(doc: Document): void {
  const atRoot: AnyNode[] = []; // doctype and comments before <html>
  const content: AnyNode[] = []; // body content, in document order
  let html: Element | undefined;
  let head: Element | undefined;
  let body: Element | undefined;
  let reshaped = false;

  const takeHead = (el: Element): void => {
    head = el;
    const i = el.children.findIndex((c) => !(isBlank(c) || c.type === 'comment' || (isTag(c) && HEAD_CONTENT.has(c.name))));
    if (i < 0) return;
    content.push(...el.children.slice(i));
    setChildren(el, el.children.slice(0, i));
    reshaped = true;
  };
  const visitShell = (nodes: AnyNode[], inHtml: boolean): void => {
    for (const n of nodes) {
      if (!inHtml && html === undefined && (n.type === 'directive' || n.type === 'comment' || isBlank(n))) {
        atRoot.push(n);
      } else if (named(n, 'html') && html === undefined) {
        html = n;
        visitShell(n.children, true);
      } else if (named(n, 'head') && head === undefined && body === undefined && content.every(isBlank)) {
        if (!inHtml) reshaped = true;
        takeHead(n);
      } else if (named(n, 'body')) {
        // A second <body> only adds content, as in browsers.
        if (body !== undefined || !inHtml || content.some((c) => !isBlank(c))) reshaped = true;
        body ??= n;
        content.push(...n.children);
      } else {
        if (!isBlank(n) && n.type !== 'comment') reshaped = true;
        content.push(n);
      }
    }
  };
  visitShell(doc.children, false);
  if (!reshaped && html !== undefined && body !== undefined) return;

  html ??= new Element('html', {});
  head ??= new Element('head', {});
  body ??= new Element('body', {});
  setChildren(body, content);
  setChildren(html, [head, body]);
  setChildren(doc, [...atRoot, html]);
}
