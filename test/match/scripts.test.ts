import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WatchlistConfig } from '../../src/config/types.js';
import { compileMatcher } from '../../src/match/index.js';
import { counts, fixturePath } from './helpers.js';

/** Arabic, Persian, Hebrew, Turkish and Russian named cases: counts, and what each offset points at. */
interface Case {
  name: string;
  title?: string;
  text: string;
  expect: Record<string, number>;
  /** entityId → the original text under each of its offsets, in order. */
  mentions?: Record<string, string[]>;
}

const watchlists = JSON.parse(readFileSync(fixturePath('scripts-watchlists.json'), 'utf8')) as Record<string, WatchlistConfig[]>;
const cases = JSON.parse(readFileSync(fixturePath('scripts-cases.json'), 'utf8')) as Case[];
const matcher = compileMatcher(watchlists['mideast-multi']!);

describe('matcher across scripts', () => {
  it.each(cases)('$name', (c) => {
    const input = c.title === undefined ? { text: c.text } : { title: c.title, text: c.text };
    const result = matcher.match(input);
    expect(counts(result)).toEqual(c.expect);
    for (const [id, want] of Object.entries(c.mentions ?? {})) {
      const m = result[0]!.matches.find((x) => x.entityId === id)!;
      expect(m.offsets.map((o) => (o.field === 'title' ? c.title! : c.text).slice(o.start, o.end))).toEqual(want);
    }
  });

  it('gives the original sentences as snippets, prefixes, marks and all', () => {
    const text =
      'وصل الوفد إلى القاهرة. وقال مقربون للحيّة إن اللقاء كان إيجابياً؛ وكان خليل الحية قد التقى الوسطاء أمس. ' +
      'ראש הממשלה בנימין נתניהו נפגש עם סטיב ויטקוף. הוא מסר לוויטקוף מכתב.';
    const [r] = matcher.match({ text });
    const byId = Object.fromEntries(r!.matches.map((m) => [m.entityId, m]));
    expect(byId['khalil-al-hayya']!.snippets).toEqual(['وقال مقربون للحيّة إن اللقاء كان إيجابياً؛ وكان خليل الحية قد التقى الوسطاء أمس.']);
    expect(byId['steve-witkoff']!.snippets).toEqual(['ראש הממשלה בנימין נתניהו נפגש עם סטיב ויטקוף.', 'הוא מסר לוויטקוף מכתב.']);
  });

  it('carries the wikidata id of the entity into its match, and leaves it out when the config has none', () => {
    const [r] = matcher.match({ text: 'Steve Witkoff met Khalil al-Hayya and Hakan Fidan.' });
    const byId = Object.fromEntries(r!.matches.map((m) => [m.entityId, m]));
    expect(byId['khalil-al-hayya']!.wikidata).toBe('Q1000001');
    expect(byId['steve-witkoff']!.wikidata).toBe('Q1000002');
    expect(byId['hakan-fidan']).not.toHaveProperty('wikidata');
  });
});
