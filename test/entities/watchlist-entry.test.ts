import { parse, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { draftEntity, renderEntityYaml, slugOf, surnameOf } from '../../src/entities/watchlist-entry.js';
import { parseWbGetEntities } from '../../src/entities/wikidata.js';
import { readEntitiesFixture } from './helpers.js';

const LANGS = ['en', 'ar', 'fa', 'he', 'ru', 'tr'];
const hayya = parseWbGetEntities(readEntitiesFixture('wbgetentities-Q90000001.json'), 'Q90000001', LANGS);

describe('watchlist entry from Wikidata', () => {
  const draft = draftEntity(hayya, LANGS);

  it('names the person by the English label, with id, wikidata and role', () => {
    expect(draft).toMatchObject({
      id: 'khalil-al-hayya',
      name: 'Khalil al-Hayya',
      wikidata: 'Q90000001',
      role: 'Palestinian politician, Hamas official',
    });
  });

  it('groups aliases by language and leaves out spellings the matcher already treats as one', () => {
    expect(draft.aliases).toEqual([
      { language: 'en', names: ['Khalil al-Hayyah', 'Khaleel al-Hayya'], same: ['Khalil Al-Hayya'] }, // the name
      { language: 'ar', names: ['خليل الحية', 'خليل إسماعيل الحية'], same: ['خليل الحيه'] }, // folds to the label
      { language: 'fa', names: [], same: ['خلیل الحیه', 'خلیل الحیة'] }, // both fold to the Arabic label
      { language: 'he', names: ['חליל אל-חיה', "ח'ליל אל-חיה"], same: [] },
      { language: 'ru', names: ['Халиль аль-Хайя', 'Халил аль-Хайя'], same: [] },
      { language: 'tr', names: ['Halil el-Hayye'], same: [] },
    ]);
  });

  it('suggests the surname of each label, with its particle, once', () => {
    expect(draft.shortNames).toEqual(['al-Hayya', 'الحية', 'אל-חיה', 'аль-Хайя', 'el-Hayye']);
    expect(surnameOf('Mohammed bin Salman')).toBe('bin Salman');
    expect(surnameOf('Hamas')).toBeUndefined();
  });

  it('falls back to the first label and the item id when there is no English or no ASCII name', () => {
    const person = parseWbGetEntities(readEntitiesFixture('wbgetentities-Q90000003.json'), 'Q90000003', LANGS);
    expect(draftEntity(person, LANGS)).toMatchObject({ id: 'q90000003', name: 'أسامة حمدان', aliases: [], shortNames: ['حمدان'] });
    expect(slugOf('Zoë Kravitz')).toBe('zoe-kravitz');
  });

  it('prints one YAML list item with a comment per language', () => {
    const yaml = renderEntityYaml(draft, LANGS);
    expect(parse(yaml)).toEqual([
      {
        id: 'khalil-al-hayya',
        name: 'Khalil al-Hayya',
        wikidata: 'Q90000001',
        role: 'Palestinian politician, Hamas official',
        aliases: draft.aliases.flatMap((g) => g.names),
        shortNames: draft.shortNames,
      },
    ]);
    const lines = yaml.split('\n');
    for (const lang of ['en', 'ar', 'he', 'ru', 'tr']) {
      const comment = lines.findIndex((l) => l.trim() === `# ${lang}` || l.trim().startsWith(`# ${lang} (also `));
      expect(comment).toBeGreaterThan(0);
      const first = draft.aliases.find((g) => g.language === lang)!.names[0]!;
      expect(parseDocument(lines[comment + 1]!.trim()).toJS()).toEqual([first]);
    }
    // A language with nothing new still shows, with its spellings, above the next language.
    const fa = lines.findIndex((l) => l.trim() === '# fa (also خلیل الحیه, خلیل الحیة: the same to the matcher as a name above)');
    expect(lines[fa + 1]!.trim()).toBe('# he');
    expect(yaml.startsWith('# Khalil al-Hayya (Q90000001), from Wikidata')).toBe(true);
  });
});
