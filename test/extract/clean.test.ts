import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { classHint, furnitureKind, isBoxHeading, isFurnitureLine, isSoftFurniture } from '../../src/extract/clean.js';

const el = (name: string, attribs: Record<string, string> = {}): Element => ({ name, attribs }) as unknown as Element;

describe('isFurnitureLine', () => {
  // Lines a reader never takes for the story, in the corpora's languages.
  it.each([
    'Advertisement',
    'Anzeige - Heute mal ausgehen? Wie wäre es mit:',
    'Ähnliche Beiträge',
    'Möchten Sie den Artikel teilen?',
    'Publier un commentaire',
    'Lea también: Impiden ingreso a Nicaragua a reportero y camarógrafo estadounidense',
    'PUEDES VER: ¿Qué es la Sunedu?',
    'Quelle: Deutscher Jagdverband (DJV)',
    'Überblick der Sender. (Foto: Getty)',
    'Фото:',
    '12.12.2022, 08:30 Uhr',
    'Oct 9, 2019',
    'Aktualisiert am 27.01.2022',
    'Published November 20th, 2019 - 07:50 GMT',
    'Updated 3rd of March, 2021',
    'IMPRESSUM | DATENSCHUTZ | COPYRIGHT ANDRÉ LOIBL | THIS IS A KANGA PROJECT',
    'Home · News · Sport · Weather',
    '热门推荐',
    'Never miss the latest news by signing up to our newsletter today!',
    'Melden Sie sich jetzt für unseren Newsletter an.',
  ])('furniture: %s', (line) => {
    expect(isFurnitureLine(line)).toBe(true);
  });

  // Story lines that look a little like furniture.
  it.each([
    'Share prices fell sharply on Monday after the announcement.',
    'The council will vote on 12.12.2022 on whether the new bridge, planned since 2015, goes ahead at all.',
    '— Josh Apte (@joshapte) November 3, 2019',
    'Quellen zufolge hat die Regierung den Plan bereits im Sommer verworfen.',
    'Werbung für Tabak soll nach dem Willen der Regierung ganz verboten werden.',
    'Teilen sich die Parteien die Ministerien, bleibt die Frage nach dem Vorsitz offen.',
    'Prices rose 3% | costs fell | wages stayed flat, the report said, for the third year.',
    'The newsletter, which the ministry sent to 4,000 subscribers on Monday, named all three envoys and the date of the talks in Doha.',
  ])('story: %s', (line) => {
    expect(isFurnitureLine(line)).toBe(false);
  });
});

describe('isBoxHeading', () => {
  // Titles of boxes that are not the story: the box is cut whole.
  it.each(['PC Gamer Newsletter', 'More from Cork', 'Related stories', 'Mehr zum Thema', 'Weitere Tourentipps in Schweden', 'À lire aussi', 'Te puede interesar:', 'Czytaj także'])(
    'box: %s',
    (line) => {
      expect(isBoxHeading(line)).toBe(true);
    },
  );
  it.each(['What happens next', 'Related to the case, the court said more', 'Mehrheit im Stadtrat', 'Más allá de la frontera'])('story heading: %s', (line) => {
    expect(isBoxHeading(line)).toBe(false);
  });
});

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
