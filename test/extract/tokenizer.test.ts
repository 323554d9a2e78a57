import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import render from 'dom-serializer';
import { DomHandler, isTag, type AnyNode } from 'domhandler';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { KEPT_ATTRIBUTES, LeanParser } from '../../src/extract/lean-parser.js';
import { IndexOfTokenizer } from '../../src/extract/tokenizer.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const OPTIONS = { xmlMode: false, decodeEntities: true } as const;

/** The page's tree as markup, parsed in `chunks` writes (streaming), with or without the indexOf tokenizer. */
function treeOf(html: string, fast: boolean, chunks = 1): string {
  const handler = new DomHandler(undefined, OPTIONS);
  const parser = new Parser(handler, fast ? { ...OPTIONS, Tokenizer: IndexOfTokenizer } : OPTIONS);
  const size = Math.ceil(html.length / chunks);
  for (let at = 0; at < html.length; at += size) parser.write(html.slice(at, at + size));
  parser.end();
  return render(handler.root, { decodeEntities: false });
}

/** The lean parse (lean-parser.ts: dropped values skipped unread) as markup, in `chunks` writes. */
function leanTreeOf(html: string, chunks = 1): string {
  const handler = new DomHandler(undefined, OPTIONS);
  const parser = new LeanParser(handler, { ...OPTIONS, Tokenizer: IndexOfTokenizer });
  const size = Math.ceil(html.length / chunks);
  for (let at = 0; at < html.length; at += size) parser.write(html.slice(at, at + size));
  parser.end();
  return render(handler.root, { decodeEntities: false });
}

/** Stock htmlparser2's tree with the attributes the lean parse drops taken out afterwards. */
function strippedTreeOf(html: string): string {
  const handler = new DomHandler(undefined, OPTIONS);
  new Parser(handler, OPTIONS).end(html);
  const stack: AnyNode[] = [handler.root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isTag(node)) {
      for (const name of Object.keys(node.attribs)) {
        if (!KEPT_ATTRIBUTES.has(name) || (name === 'href' && node.name !== 'link')) delete node.attribs[name];
      }
    }
    stack.push(...((node as { children?: AnyNode[] }).children ?? []));
  }
  return render(handler.root, { decodeEntities: false });
}

const pages = [
  ...readdirSync(join(FIXTURES, 'articles'))
    .filter((f) => f.endsWith('.html'))
    .map((f) => join(FIXTURES, 'articles', f)),
  join(FIXTURES, 'seed', 'witkoff-al-hayya.html'),
  join(FIXTURES, 'tokenizer', 'edge-cases.html'),
];

describe('IndexOfTokenizer (htmlparser2 with a native skip loop)', () => {
  it('has pages to compare', () => {
    expect(pages.length).toBeGreaterThan(20);
  });

  it.each(pages.map((p) => [p.slice(FIXTURES.length + 1), p]))('builds the same tree as htmlparser2 for %s', (_name, file) => {
    const html = readFileSync(file, 'utf8');
    const stock = treeOf(html, false);
    expect(stock.length).toBeGreaterThan(0);
    expect(treeOf(html, true)).toBe(stock);
  });

  it('builds the same tree when the page arrives in many writes', () => {
    const html = readFileSync(join(FIXTURES, 'tokenizer', 'edge-cases.html'), 'utf8');
    const whole = treeOf(html, false);
    for (const chunks of [2, 7, 31, 113, html.length]) {
      expect(treeOf(html, true, chunks), `${chunks} writes`).toBe(treeOf(html, false, chunks));
      expect(treeOf(html, true, chunks), `${chunks} writes`).toBe(whole);
    }
  });

  it.each(pages.map((p) => [p.slice(FIXTURES.length + 1), p]))('reads the kept attribute values as htmlparser2 does, skipping the others unread, for %s', (_name, file) => {
    const html = readFileSync(file, 'utf8');
    expect(leanTreeOf(html)).toBe(strippedTreeOf(html));
  });

  it('skips dropped values the same way when the page arrives in many writes', () => {
    const html = readFileSync(join(FIXTURES, 'tokenizer', 'edge-cases.html'), 'utf8');
    const whole = strippedTreeOf(html);
    for (const chunks of [2, 7, 31, 113, html.length]) expect(leanTreeOf(html, chunks), `${chunks} writes`).toBe(whole);
  });

  it('decodes entities in text and kept values, wherever the next & is', () => {
    const tree = leanTreeOf(readFileSync(join(FIXTURES, 'tokenizer', 'edge-cases.html'), 'utf8'));
    expect(tree).toContain('<link rel="canonical" href="https://example.test/a?x=1&y=2&z">');
    expect(tree).toContain('<a class="k & j" rel="author&x">x & y < z & w &</a>');
    expect(tree).toContain('<span class id="id">no entities at all here</span>');
    expect(tree).toContain('<p style="x&y">&&&&</p>');
    expect(tree).not.toContain('data-');
  });

  it('keeps script bodies, comments and raw text whole', () => {
    const tree = treeOf(readFileSync(join(FIXTURES, 'tokenizer', 'edge-cases.html'), 'utf8'), true);
    expect(tree).toContain('document.write("</scr" + "ipt>")');
    expect(tree).toContain('<!-- a comment with -- dashes - and > signs and <script> inside -->');
    expect(tree).toContain('for (i = 0; i < n; i++) if (x<y) z = "<a>";');
    expect(tree).toContain('<textarea><p>not a tag</p> &amp; entity</textarea>');
  });
});
