import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../src/match/index.js';
import { counts, fixturePath, watchlistSets } from './helpers.js';

interface Case {
  name: string;
  watchlists?: string;
  title?: string;
  text: string;
  /** Every entity expected, with its count (or count and inTitle); no others. */
  expect: Record<string, number | { count: number; inTitle: boolean }>;
}

const cases = JSON.parse(readFileSync(fixturePath('cases.json'), 'utf8')) as Case[];
const matchers = Object.fromEntries(
  Object.entries(watchlistSets).map(([key, wls]) => [key, compileMatcher(wls)]),
);

describe('matcher named cases', () => {
  it.each(cases)('$name', (c) => {
    const matcher = matchers[c.watchlists ?? 'mideast']!;
    const input = c.title === undefined ? { text: c.text } : { title: c.title, text: c.text };
    const result = matcher.match(input);
    const want = Object.fromEntries(
      Object.entries(c.expect).map(([id, e]) => [id, typeof e === 'number' ? e : e.count]),
    );
    expect(counts(result)).toEqual(want);
    if (Object.keys(want).length === 0) expect(result).toEqual([]);
    for (const [id, e] of Object.entries(c.expect)) {
      if (typeof e === 'object') {
        expect(result[0]!.matches.find((m) => m.entityId === id)!.inTitle).toBe(e.inTitle);
      }
    }
  });
});
