import { describe, expect, it } from 'vitest';
import { capNesting, MAX_INPUT_CHARS, MAX_NESTING_DEPTH, prepareHtml } from '../../src/extract/input.js';

describe('prepareHtml', () => {
  it('leaves ordinary pages untouched', () => {
    const html = '<html><body><div><p>a<p>b<ul><li>c<li>d</ul></div><script>"<div><div>"</script></body></html>';
    expect(prepareHtml(html)).toBe(html);
  });

  it('caps the input size', () => {
    expect(prepareHtml('x'.repeat(MAX_INPUT_CHARS + 10)).length).toBe(MAX_INPUT_CHARS);
  });

  it('removes NUL characters', () => {
    expect(prepareHtml('a\u0000b')).toBe('ab');
  });

  it('flattens nesting past the cap but keeps the text', () => {
    const n = MAX_NESTING_DEPTH + 100;
    const out = capNesting('<div>'.repeat(n) + 'deep' + '</div>'.repeat(n));
    expect(out.match(/<div>/g)!.length).toBe(MAX_NESTING_DEPTH);
    expect(out.match(/<\/div>/g)!.length).toBe(MAX_NESTING_DEPTH);
    expect(out).toContain('deep');
  });

  it('does not count tags inside scripts', () => {
    const html = `<script>${'<div>'.repeat(MAX_NESTING_DEPTH + 5)}</script><p>x</p>`;
    expect(capNesting(html)).toBe(html);
  });
});
