import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capSize, capSizePieces, MAX_INPUT_CHARS, MAX_NESTING_DEPTH, prepareHtml } from '../../src/extract/input.js';
import { capNestingHtmlparser2 } from '../../src/extract/nesting.js';
import { CHEERIO_LOAD_OPTIONS } from '../../src/extract/parse.js';

/** Depth of the tree the parser builds (iterative: the tree may be deep). */
function treeDepth(html: string): number {
  let max = 0;
  const stack: Array<[AnyNode, number]> = [[load(html, CHEERIO_LOAD_OPTIONS).root()[0]!, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const c of (node as { children?: AnyNode[] }).children ?? []) stack.push([c, d + 1]);
  }
  return max;
}

describe('prepareHtml', () => {
  it('leaves ordinary pages untouched', () => {
    const html = '<html><body><div><p>a<p>b<ul><li>c<li>d</ul></div><svg><path d="M0"/><title>t</title></svg><script>"<div><div>"</script></body></html>';
    expect(prepareHtml(html)).toBe(html);
  });

  it('caps the input size', () => {
    expect(prepareHtml('x'.repeat(MAX_INPUT_CHARS + 10)).length).toBe(MAX_INPUT_CHARS);
  });

  it('flattens nesting past the cap but keeps the text', () => {
    const n = MAX_NESTING_DEPTH + 100;
    const html = '<div>'.repeat(n) + 'deep' + '</div>'.repeat(n);
    for (const out of [capNestingHtmlparser2(html, MAX_NESTING_DEPTH), prepareHtml(html)]) {
      expect(out.match(/<div>/g)!.length).toBe(MAX_NESTING_DEPTH);
      expect(out.match(/<\/div>/g)!.length).toBe(MAX_NESTING_DEPTH);
      expect(out).toContain('deep');
    }
  });

  it('does not count tags inside scripts', () => {
    const html = `<script>${'<div>'.repeat(MAX_NESTING_DEPTH + 5)}</script><p>x</p>`;
    expect(capNestingHtmlparser2(html, MAX_NESTING_DEPTH)).toBe(html);
  });

  it('keeps the text after a capped subtree at its depth (end tags of removed elements go too)', () => {
    const n = MAX_NESTING_DEPTH + 50;
    const html = '<section>' + '<div>'.repeat(n) + 'deep' + '</div>'.repeat(n) + '<p>after</p></section>';
    const out = capNestingHtmlparser2(html, MAX_NESTING_DEPTH);
    const $ = load(out, CHEERIO_LOAD_OPTIONS);
    expect($('section > p').text()).toBe('after');
  });

  // Each of these nests without bound; uncapped, some take minutes
  // (200,000 unmatched <colgroup>s ~2 min).
  const hostile: Record<string, string> = {
    'nested divs': '<div>'.repeat(100_000) + '</div>'.repeat(100_000),
    'unclosed inline elements': '<span><b>'.repeat(50_000) + 'x',
    'elements htmlparser2 never closes implicitly': '<colgroup>'.repeat(100_000) + '</p>'.repeat(100_000),
    'repeated <body>': '<body>'.repeat(100_000) + '</x>'.repeat(100_000),
    'self-closed HTML elements': '<div/>'.repeat(100_000) + '</x>'.repeat(100_000),
    'self-closed SVG title': '<svg><title/>'.repeat(50_000) + '</x>'.repeat(50_000),
    'self-closed SVG elements': '<svg><g/>'.repeat(50_000),
    'unclosed paragraphs with inline elements': '<p><font>x'.repeat(50_000),
    'end tags with spaces': '<div>'.repeat(100_000) + '</ div>'.repeat(100_000),
    '">" inside quoted attributes': '<div a=">" b=\'>\' c=d>'.repeat(50_000),
    'self-closed <script>': '<script/><div>'.repeat(50_000),
  };
  it.each(Object.keys(hostile))('bounds the tree depth: %s', (name) => {
    const t = performance.now();
    const depth = treeDepth(prepareHtml(hostile[name]!));
    expect(depth).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 10);
    expect(performance.now() - t).toBeLessThan(5000);
  });

  // The cap mirrors htmlparser2's stack: on any tag soup, the tree htmlparser2
  // builds from the output stays within the cap (+1: a raw-text element is
  // kept whatever the depth).
  it('keeps htmlparser2 within the cap on arbitrary tag soup', () => {
    const tokens = [
      '<div>', '</div>', '<p>', '</p>', '<li>', '</li>', '<b>', '</b>', '<span a=">">', '</span>', '<svg>', '</svg>', '<g/>', '<g a=b/>',
      '<title/>', '<title>t</title>', '<math>', '<mi>', '</mi>', '<br>', '</br>', '<script>', '</script>', '<table>', '<tr>', '<td>',
      '</ div>', '<select>', '<option>', '<textarea>', '</textarea>', '<colgroup>', '<body>', '<head>', '<!--', '-->', '<![CDATA[', ']]>',
      '<div/>', 'text', ' ', '<', '>', '"', '<x y="', '<img>', '<hr>', '<dd>', '<dt>', '<h1>', '<h2>', '<tbody>', '<xmp>', '</xmp>',
    ];
    const max = 4;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 60 }), (parts) => {
        const out = capNestingHtmlparser2(parts.join(''), max);
        expect(treeDepth(out)).toBeLessThanOrEqual(max + 2);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('capSizePieces', () => {
  it('keeps the same first MAX_INPUT_CHARS characters as capSize on the joined text', () => {
    const piece = 'abcdefghij'.repeat(100_001); // 1,000,010 characters: the cap falls inside the fifth piece
    const pieces = [piece, piece, piece, piece, piece, piece];
    const capped = capSizePieces(pieces);
    expect(capped).toHaveLength(5);
    expect(capped.join('')).toBe(capSize(pieces.join('')));
  });

  it('returns pieces under the cap as they are', () => {
    const pieces = ['<p>', 'a', '</p>'];
    expect(capSizePieces(pieces)).toBe(pieces);
  });
});
