import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WatchlistMatch } from '../../src/match/index.js';
import { compileMatcher } from '../../src/match/index.js';
import { watchlistSets } from './helpers.js';

const matcher = compileMatcher(watchlistSets.mideast!);

/** What must not change: which entities, how many mentions, and whether in the title. */
const summary = (result: WatchlistMatch[]) =>
  result.map((r) => ({ id: r.watchlistId, m: r.matches.map((m) => [m.entityId, m.count, m.inTitle]) }));

// Article-like word sequences: filler words, names, variants, possessives, punctuation.
const word = fc.constantFrom(
  'the', 'envoy', 'met', 'Hamas', 'talks', 'in', 'Cairo', 'said', 'U.S.', 'Mr.', 'and', '—', '(Gaza)',
  'Steve Witkoff', 'Witkoff', 'Witkoff’s', 'Andrew Witkoff', 'Khalil al-Hayya', 'al-Hayya', 'Al-Hayyah',
  'Jared Kushner', 'Kushner', 'Charles Kushner', 'Donald Trump', 'Trump', 'President Trump', 'Nuñez',
  'Стив Уиткофф', 'خليل الحية', 'Kushnerite', 'Straße', 'Zoë',
);
const article = fc.record({
  title: fc.array(word, { maxLength: 6 }).map((ws) => ws.join(' ')),
  text: fc.array(word, { minLength: 1, maxLength: 40 }).map((ws) => ws.join(' ')),
});
const whiteSpace = fc.constantFrom(' ', '\u00a0', '\u202f', '\u2009', '\u2003', '\n', '\t', '  ', '\r\n', ' \n\n ');

/** Replaces every single space with a white-space variant drawn from `choices`. */
function respace(s: string, choices: string[]): string {
  let k = 0;
  return s.replace(/ /g, () => choices[k++ % choices.length]!);
}

describe('matcher properties', () => {
  it('results do not change when spaces between words become other white space', () => {
    fc.assert(
      fc.property(article, fc.array(whiteSpace, { minLength: 1, maxLength: 8 }), ({ title, text }, choices) => {
        const base = summary(matcher.match({ title, text }));
        const varied = summary(matcher.match({ title: respace(title, choices), text: respace(text, choices) }));
        expect(varied).toEqual(base);
      }),
      { numRuns: 300 },
    );
  });

  it('results do not change with letter case', () => {
    const recase = fc.constantFrom<(s: string, flips: boolean[]) => string>(
      (s) => s.toUpperCase(),
      (s) => s.toLowerCase(),
      (s, flips) => [...s].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join(''),
    );
    fc.assert(
      fc.property(article, recase, fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), ({ title, text }, f, flips) => {
        const base = summary(matcher.match({ title, text }));
        expect(summary(matcher.match({ title: f(title, flips), text: f(text, flips) }))).toEqual(base);
      }),
      { numRuns: 300 },
    );
  });

  it('results do not change when invisible characters are put anywhere (zero-width, bidi marks, soft hyphen)', () => {
    const invisible = fc.constantFrom('\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e', '\u200f', '\u061c', '\u202b', '\u202c', '\u2067', '\u2069');
    const insertions = fc.array(fc.tuple(fc.nat(), invisible), { minLength: 1, maxLength: 12 });
    const insert = (s: string, at: Array<[number, string]>): string => {
      let out = s;
      for (const [pos, c] of at) {
        const i = pos % (out.length + 1);
        out = out.slice(0, i) + c + out.slice(i);
      }
      return out;
    };
    fc.assert(
      fc.property(article, insertions, insertions, ({ title, text }, inTitle, inText) => {
        const base = summary(matcher.match({ title, text }));
        expect(summary(matcher.match({ title: insert(title, inTitle), text: insert(text, inText) }))).toEqual(base);
      }),
      { numRuns: 300 },
    );
  });

  it('offsets always cover text that normalises to one of the entity’s names', () => {
    fc.assert(
      fc.property(article, ({ title, text }) => {
        for (const r of matcher.match({ title, text })) {
          for (const m of r.matches) {
            expect(m.offsets).toHaveLength(m.count);
            for (const o of m.offsets) {
              const field = o.field === 'title' ? title : text;
              expect(field.slice(o.start, o.end).length).toBeGreaterThan(0);
              expect(o.end).toBeLessThanOrEqual(field.length);
            }
            expect(m.snippets.length).toBeGreaterThan(0);
            expect(m.snippets.length).toBeLessThanOrEqual(3);
            for (const s of m.snippets) expect(s.length).toBeLessThanOrEqual(300);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
