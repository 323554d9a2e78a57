import { describe, expect, it } from 'vitest';
import { prefixedForms } from '../../src/match/attached-prefixes.js';
import { spellingsOf } from '../../src/match/name-spellings.js';

describe('attached prefixes: the forms of one name word', () => {
  it('Arabic: conjunction, preposition or both, the lam of li swallowing the article’s alef', () => {
    const forms = (w: string) => prefixedForms(w).map((f) => `${f.form}:${f.prefix}`);
    expect(forms('خليل')).toEqual(['بخليل:1', 'كخليل:1', 'لخليل:1', 'وخليل:1', 'وبخليل:2', 'وكخليل:2', 'ولخليل:2', 'فخليل:1', 'فبخليل:2', 'فكخليل:2', 'فلخليل:2']);
    expect(forms('الحيه')).toEqual(expect.arrayContaining(['بالحيه:1', 'للحيه:1', 'والحيه:1', 'وللحيه:2']));
    expect(forms('الحيه')).not.toContain('لالحيه:1');
    expect(forms('خليل').some((f) => f.startsWith('الخليل'))).toBe(false); // rule 3: no article added
  });

  it('Hebrew: ve, she/kshe, and be ke le me ha, with the doubled vav', () => {
    const forms = prefixedForms('ויטקוף').map((f) => f.form);
    expect(forms).toEqual(expect.arrayContaining(['לויטקוף', 'לוויטקוף', 'וכשויטקוף', 'שמוויטקוף']));
    expect(prefixedForms('נתניהו')).toHaveLength(35);
  });

  it('Latin, Cyrillic and other scripts take none', () => {
    expect(prefixedForms('witkoff')).toEqual([]);
    expect(prefixedForms('уиткофф')).toEqual([]);
  });
});

describe('name spellings', () => {
  const spelled = (name: string) => spellingsOf(name).map((t) => t.join(' '));

  it('a name with nothing to vary is itself', () => {
    expect(spelled('Khalil al-Hayya')).toEqual(['khalil al hayya']);
  });

  it('Persian zero-width non-joiner: joined and split', () => {
    expect(spelled('محمد\u200cباقر قالیباف')).toEqual(['محمدباقر قاليباف', 'محمد باقر قاليباف']);
  });

  it('Arabic compounds joined and apart, kunya cases', () => {
    expect(spelled('محمد بن عبدالرحمن آل ثاني')).toEqual(['محمد بن عبدالرحمن ال ثاني', 'محمد بن عبد الرحمن ال ثاني']);
    expect(spelled('أبو مازن')).toEqual(['ابو مازن', 'ابي مازن', 'ابا مازن']);
    expect(spelled('محمد عبده')).toEqual(['محمد عبده']); // Abduh is a name of its own
  });
});
