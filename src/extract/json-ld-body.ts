/**
 * JSON-LD articleBody as story text: when it is long enough and agrees with
 * what the page shows, it beats a DOM extraction that came out short
 * (paywalled or script-rendered pages often carry the full body here only).
 */
import type { AnyNode } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { BLOCK_TAG_IN_MARKUP, BLOCK_TAGS } from './blocks.js';
import { normalizeSpace } from './dom.js';
import { str, type JsonObject } from './json-ld.js';
import { parseHtml } from './parse.js';

/** The longest articleBody among the page's article objects, as plain paragraphs. */
export function jsonLdArticleBody(articles: JsonObject[]): string | undefined {
  let best: string | undefined;
  for (const a of articles) {
    const body = str(a['articleBody']);
    if (body !== undefined && (best === undefined || body.length > best.length)) best = body;
  }
  if (best === undefined) return undefined;
  // Some sites put HTML in articleBody: render its blocks as paragraphs.
  const plain = BLOCK_TAG_IN_MARKUP.test(best) ? htmlToParagraphs(best) : best;
  const paras = plain.split(/\n\s*\n|\r?\n/).map(normalizeSpace).filter((p) => p !== '');
  return paras.length > 0 ? paras.join('\n\n') : undefined;
}

/** Text of an HTML body with a blank line at every block boundary (parsed like a page: capped). */
function htmlToParagraphs(html: string): string {
  const out: string[] = [];
  const stack: Array<AnyNode | 'break'> = [parseHtml(html.slice(0, 2_000_000), 'extraction')];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === 'break') {
      out.push('\n\n');
      continue;
    }
    if (isText(node)) {
      out.push(node.data);
      continue;
    }
    if (isTag(node) && (node.name === 'script' || node.name === 'style' || node.name === 'template')) continue;
    if (isTag(node) && BLOCK_TAGS.has(node.name)) stack.push('break');
    const kids = (node as { children?: AnyNode[] }).children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out.join('');
}

function words(s: string): string[] {
  return s.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/**
 * True when the page's own text is consistent with the JSON-LD body: most
 * word 3-grams of the (shorter) DOM text occur in it. An empty DOM text
 * agrees with anything (the page shows nothing to contradict it).
 */
export function agreesWith(ldBody: string, domText: string): boolean {
  const dw = words(domText);
  if (dw.length < 20) return true;
  const lw = words(ldBody);
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= lw.length; i++) grams.add(`${lw[i]} ${lw[i + 1]} ${lw[i + 2]}`);
  let hit = 0;
  let total = 0;
  for (let i = 0; i + 3 <= dw.length; i++) {
    total++;
    if (grams.has(`${dw[i]} ${dw[i + 1]} ${dw[i + 2]}`)) hit++;
  }
  return total === 0 || hit / total >= 0.5;
}
