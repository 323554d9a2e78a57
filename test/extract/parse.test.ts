import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH } from '../../src/extract/input.js';
import { CHEERIO_LOAD_OPTIONS, parseHtml } from '../../src/extract/parse.js';

function depthOf(root: AnyNode): number {
  let max = 0;
  const stack: Array<[AnyNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const c of (node as { children?: AnyNode[] }).children ?? []) stack.push([c, d + 1]);
  }
  return max;
}

describe('parseHtml (htmlparser2)', () => {
  it('builds the tree cheerio.load builds for an ordinary page', () => {
    const html = '<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><div class="a &amp; b"><p>a<p>b &amp; c<ul><li>x<li>y</ul></div><svg><path/></svg><script>"</div>"</script></body></html>';
    const ours = load(parseHtml(html)).html();
    expect(ours).toBe(load(load(html, CHEERIO_LOAD_OPTIONS).root()[0]!).html());
  });

  it('keeps every attribute by default (source discovery reads link hrefs and titles)', () => {
    const $ = load(parseHtml('<body><a href="/x" title="t" data-k="1">a</a></body>'));
    expect($('a').attr()).toEqual({ href: '/x', title: 't', 'data-k': '1' });
  });

  it('keeps only the attributes extraction reads when asked to', () => {
    const html = '<html lang="de"><head><link rel="canonical" href="/c"><meta property="og:title" content="T"></head><body><div class="x" data-id="7" onclick="go()"><a href="/p" rel="author" title="t">A</a><img src="i.png" srcset="i2.png 2x" alt="a"><p style="display:none" aria-hidden="true">h</p><time datetime="2020-01-01">x</time></div></body></html>';
    const $ = load(parseHtml(html, 'extraction'));
    expect($('link').attr()).toEqual({ rel: 'canonical', href: '/c' });
    expect($('meta').attr()).toEqual({ property: 'og:title', content: 'T' });
    expect($('div').attr()).toEqual({ class: 'x' });
    expect($('a').attr()).toEqual({ rel: 'author' });
    expect($('img').attr()).toEqual({});
    expect($('p').attr()).toEqual({ style: 'display:none', 'aria-hidden': 'true' });
    expect($('time').attr()).toEqual({ datetime: '2020-01-01' });
    expect($('html').attr('lang')).toBe('de');
  });

  it('builds no comment nodes; the text around a comment reads as one', () => {
    const $ = load(parseHtml('<html><head><!-- build 7 --></head><body><p>Steve<!-- x --> Witkoff</p><!-- ad slot --></body></html>'));
    expect($.html()).not.toContain('<!--');
    expect($('p').text()).toBe('Steve Witkoff');
  });

  it('parses a page nested past the cap again, capped, keeping its text', () => {
    const n = MAX_NESTING_DEPTH * 3;
    const html = `<html><body>${'<div>'.repeat(n)}deep${'</div>'.repeat(n)}<p>after</p></body></html>`;
    const doc = parseHtml(html);
    expect(depthOf(doc)).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 3);
    const $ = load(doc);
    expect($('body').text()).toBe('deepafter');
    expect($('body > p').text()).toBe('after');
  });

  it('gives every document the html > head + body shape a browser builds', () => {
    for (const html of ['', 'text only', '<p>a</p>', '<head><title>t</title><div>x</div>', '<html><body>a</body></html><p>b</p>']) {
      const $ = load(parseHtml(html));
      expect($.root().children().length, html).toBe(1);
      expect($('html > head').length, html).toBe(1);
      expect($('html > body').length, html).toBe(1);
    }
  });
});
