import { describe, expect, it } from 'vitest';
import { MAX_VARIANTS, latinVariants } from '../../src/entities/variants.js';
import { normalizeForMatch } from '../../src/match/index.js';

describe('latinVariants', () => {
  it('gives the article, doubled-letter and ending spellings of al-Hayya, one word changed first', () => {
    const v = latinVariants('Khalil al-Hayya');
    expect(v.slice(0, 4)).toEqual(['Khalil el-Hayya', 'Khalil Alhayya', 'Khalil Hayya', 'Khalil al-Haya']);
    expect(v).toEqual(expect.arrayContaining(['Khalil al-Hayyah', 'Khaleel al-Hayya', 'Khaleel al-Hayyah']));
    expect(v.indexOf('Khalil al-Hayyah')).toBeLessThan(v.indexOf('Khaleel al-Hayyah'));
  });

  it('knows the spellings of common names', () => {
    const v = latinVariants('Mohammed bin Salman');
    expect(v).toEqual(expect.arrayContaining(['Muhammad bin Salman', 'Mohamed bin Salman', 'Mohammad bin Salman', 'Mohammed ibn Salman']));
    expect(latinVariants('Ismail Haniyeh')).toEqual(expect.arrayContaining(['Ismail Haniyah', 'Ismail Haniya', 'Ismael Haniyeh']));
  });

  it('assimilates the article before a sun letter', () => {
    expect(latinVariants('Abdel Fattah el-Sisi')).toEqual(expect.arrayContaining(['Abdel Fattah al-Sisi', 'Abdel Fattah as-Sisi', 'Abdul Fattah el-Sisi']));
    expect(latinVariants('Abdel Fattah el-Sisi')).not.toContain('Abdel Fatta el-Sisi'); // the h of Fattah is its own
  });

  it('lists no spelling twice, nor one the matcher already reads as the name', () => {
    const v = latinVariants('Khalil al-Hayya');
    const keys = v.map((s) => normalizeForMatch(s).text);
    expect(new Set(keys).size).toBe(v.length);
    expect(keys).not.toContain(normalizeForMatch('Khalil Al Hayya').text);
    expect(latinVariants('Abdel Fattah el-Sisi').length).toBeLessThanOrEqual(MAX_VARIANTS);
  });
});
