import { describe, expect, it } from 'vitest';
import { normalizeForMatch } from '../../src/match/index.js';

describe('normalizeForMatch', () => {
  it.each([
    ['case and diacritics', 'Khalil al-Ḥayya NUÑEZ', 'khalil al hayya nunez'],
    ['dashes and minus', 'a‐b‑c‒d–e—f―g−h', 'a b c d e f g h'],
    ['apostrophes split like spaces', "O'Brien O’Brien Oʼbrien O‘Brien O`Brien", 'o brien o brien o brien o brien o brien'],
    ['white space of every kind', 'a\u00a0b\u202fc\u2009d\ne\tf \r\n g', 'a b c d e f g'],
    ['NFKC compatibility forms (fractions separate)', 'Ｓｔｅｖｅ ﬁnance ½ 𝐁𝐨𝐥𝐝', 'steve finance bold'],
    // Teh marbuta folds to heh (fold.ts ARABIC_SCRIPT says why).
    ['Arabic harakat and tatweel', 'خَلِيــل الحَيَّة', 'خليل الحيه'],
    ['Cyrillic case', 'СТИВ Уиткофф', 'стив уиткофф'],
    ['soft hyphen and joiners vanish inside words', 'Wit\u00adkoff a\u200db', 'witkoff ab'],
    ['sharp s', 'Straße', 'strasse'],
    ['punctuation only', '—(…)!', ''],
  ])('%s', (_name, input, expected) => {
    expect(normalizeForMatch(input).text).toBe(expected);
  });

  it('maps tokens back to original offsets', () => {
    const original = '  “Steve\u00a0Witkoff’s” plans';
    const { tokens } = normalizeForMatch(original);
    expect(tokens.map((t) => [t.token, original.slice(t.start, t.end)])).toEqual([
      ['steve', 'Steve'],
      ['witkoff', 'Witkoff'],
      ['s', 's'],
      ['plans', 'plans'],
    ]);
  });

  it('maps every normalised index to an original offset', () => {
    const original = 'Al—Ḥayya said';
    const { text, toOriginal } = normalizeForMatch(original);
    expect(text).toBe('al hayya said');
    expect(toOriginal).toHaveLength(text.length + 1);
    expect(original.slice(toOriginal[3], toOriginal[text.indexOf(' said')])).toBe('Ḥayya');
    expect(toOriginal[text.length]).toBe(original.length);
  });
});
