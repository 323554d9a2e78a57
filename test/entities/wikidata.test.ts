import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WIKIDATA_API,
  parseItemId,
  parseLanguages,
  parseWbGetEntities,
  wbGetEntitiesUrl,
} from '../../src/entities/wikidata.js';
import { readEntitiesFixture } from './helpers.js';

const LANGS = ['en', 'ar', 'fa', 'he', 'ru', 'tr'];

describe('wikidata: request', () => {
  it('asks wbgetentities for labels, aliases and descriptions in the given languages only', () => {
    const url = new URL(wbGetEntitiesUrl(DEFAULT_WIKIDATA_API, 'Q42', ['en', 'ar']));
    expect(url.origin + url.pathname).toBe('https://www.wikidata.org/w/api.php');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      action: 'wbgetentities',
      ids: 'Q42',
      props: 'labels|aliases|descriptions',
      languages: 'en|ar',
      format: 'json',
    });
  });

  it('reads item ids as users type them and refuses anything else', () => {
    expect(parseItemId('q42')).toBe('Q42');
    expect(parseItemId(' https://www.wikidata.org/wiki/Q42 ')).toBe('Q42');
    expect(() => parseItemId('P31')).toThrow(/^entities: "P31" is not a Wikidata item id/);
    expect(() => parseItemId('Q0')).toThrow(/not a Wikidata item id/);
  });

  it('reads --languages and refuses a code that is not one', () => {
    expect(parseLanguages('en, AR,he,en')).toEqual(['en', 'ar', 'he']);
    expect(() => parseLanguages('en,arabic!')).toThrow(/"arabic!" is not a language code/);
    expect(() => parseLanguages(' , ')).toThrow(/at least one language/);
  });
});

describe('wikidata: answer', () => {
  it('keeps the requested languages, in order, with labels, aliases and descriptions', () => {
    const person = parseWbGetEntities(readEntitiesFixture('wbgetentities-Q90000001.json'), 'Q90000001', LANGS);
    expect(person.labels).toEqual({
      en: 'Khalil al-Hayya',
      ar: 'خليل الحية',
      fa: 'خلیل الحیه',
      he: 'חליל אל-חיה',
      ru: 'Халиль аль-Хайя',
      tr: 'Halil el-Hayye',
    });
    expect(person.labels).not.toHaveProperty('de');
    expect(person.aliases.ar).toEqual(['خليل إسماعيل الحية', 'خليل الحيه']);
    expect(person.aliases).not.toHaveProperty('tr');
    expect(person.descriptions.en).toBe('Palestinian politician, Hamas official');
  });

  it.each([
    ['an error object for an unknown id', 'wbgetentities-Q90000008-no-such-entity.json', 'Q90000008', /^entities: Q90000008 does not exist on Wikidata$/],
    ['an entity marked missing', 'wbgetentities-Q90000009-missing.json', 'Q90000009', /^entities: Q90000009 does not exist on Wikidata$/],
    ['an answer without the entity asked for', 'wbgetentities-Q90000002.json', 'Q90000001', /has no entity Q90000001/],
  ])('says so for %s', (_name, file, id, message) => {
    expect(() => parseWbGetEntities(readEntitiesFixture(file), id, LANGS)).toThrow(message);
  });

  it('says so for an answer that is not JSON, an API error, or no name in the languages asked', () => {
    expect(() => parseWbGetEntities('<html>busy</html>', 'Q1', LANGS)).toThrow(/not JSON/);
    expect(() => parseWbGetEntities('{"error":{"code":"maxlag","info":"Waiting for a database server"}}', 'Q1', LANGS)).toThrow(
      'entities: Wikidata API error maxlag: Waiting for a database server',
    );
    expect(() => parseWbGetEntities(readEntitiesFixture('wbgetentities-Q90000003.json'), 'Q90000003', ['en', 'he'])).toThrow(
      /Q90000003 has no label or alias in en, he/,
    );
  });
});
