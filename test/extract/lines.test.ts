import { describe, expect, it } from 'vitest';
import { isBoxHeading, isFurnitureLine, withoutCredit } from '../../src/extract/lines.js';

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
    'Фото:',
    '12.12.2022, 08:30 Uhr',
    'Oct 9, 2019',
    'Aktualisiert am 27.01.2022',
    'Published November 20th, 2019 - 07:50 GMT',
    'Updated 3rd of March, 2021',
    'Related post: Pickled Brussels Sprouts Recipe',
    'Read more: The council votes on the bridge',
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

describe('withoutCredit', () => {
  // The picture credit closing a caption is furniture; the caption is the story's.
  it.each([
    ['VW-Chef Herbert Diess: Die Stimmung in Wolfsburg ist aktuell nicht gut. (Foto: Volkswagen)', 'VW-Chef Herbert Diess: Die Stimmung in Wolfsburg ist aktuell nicht gut.'],
    ['Überblick der Sender. (Foto: Getty)', 'Überblick der Sender.'],
    ['(Photo: Reuters)', ''],
    ['The council (which met on Monday) voted for the bridge (source: minutes)', 'The council (which met on Monday) voted for the bridge'],
  ])('%s', (line, kept) => {
    expect(withoutCredit(line)).toBe(kept);
  });

  it('leaves a line without a closing credit alone', () => {
    expect(withoutCredit('The council (which met on Monday) voted for the bridge.')).toBe('The council (which met on Monday) voted for the bridge.');
  });
});
