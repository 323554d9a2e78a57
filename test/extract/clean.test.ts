import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { classHint, furnitureKind, isSoftFurniture } from '../../src/extract/clean.js';

const el = (name: string, attribs: Record<string, string> = {}): Element => ({ name, attribs }) as unknown as Element;

describe('class and id hints', () => {
  it.each([
    ['overflow-hidden', undefined],
    ['l-hidden-xs', undefined],
    ['hidden', 'strong'],
    ['is-hidden', 'strong'],
    ['teaser-text', 'positive'],
    ['image-legend', 'strong'],
    ['cg_article_author_desc', 'strong'],
  ] as const)('%s → %s', (cls, verdict) => {
    expect(classHint(el('div', { class: cls }))).toBe(verdict);
  });

  it('reads "commentary" as an article, "comments" as comments', () => {
    expect(furnitureKind(el('div', { class: 'sect sect_article commentary' }))).toBeUndefined();
    expect(furnitureKind(el('div', { class: 'article-comments' }))).toBe('comments');
  });

  it("ignores a heading's id (an anchor slug) but not its class", () => {
    expect(furnitureKind(el('h3', { id: 'nav_nur_die_folie__1', class: 'subheading' }))).toBeUndefined();
    expect(furnitureKind(el('div', { id: 'nav_main' }))).toBe('strong');
    expect(furnitureKind(el('h3', { class: 'related-stories' }))).toBe('strong');
  });

  it('lets a standfirst through soft furniture only', () => {
    expect(isSoftFurniture(el('header'), 'weak')).toBe(true);
    expect(isSoftFurniture(el('div', { class: 'article-header' }), 'weak')).toBe(true);
    expect(isSoftFurniture(el('nav'), 'weak')).toBe(false);
    expect(isSoftFurniture(el('figcaption'), 'weak')).toBe(false);
    expect(isSoftFurniture(el('div', { role: 'navigation' }), 'weak')).toBe(false);
    expect(isSoftFurniture(el('div', { class: 'share-bar' }), 'strong')).toBe(false);
  });
});
