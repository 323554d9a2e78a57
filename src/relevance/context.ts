/**
 * Context words and phrases, found with the matcher itself: every distinct
 * phrase of every rule becomes one "entity" of a private watchlist, so a
 * context word is matched exactly as a name is (case, accents, dashes,
 * apostrophes, possessives, whole words, and whatever script rules the
 * matcher gains) and all of them are found in one pass over the article.
 *
 * Nearness: `sentence` uses the same sentence bounds as the alert snippets;
 * a number of words counts the matcher's own tokens between the two.
 */
import { compileMatcher, normalizeForMatch, type Matcher } from '../match/index.js';
import { sentenceAround } from '../match/snippets.js';
import type { EntityMatch } from '../match/types.js';

const CONTEXT_WATCHLIST = 'context';

export type Offset = EntityMatch['offsets'][number];

export interface ContextIndex {
  /** Every distinct phrase's number, by its text as configured. */
  phraseId(phrase: string): number;
  /** Occurrences of each phrase (by number) in one article; absent when none. */
  find(article: { title?: string; text: string }): Map<number, Offset[]>;
}

export function compileContext(phrases: Iterable<string>): ContextIndex {
  const ids = new Map<string, number>();
  for (const p of phrases) if (!ids.has(p)) ids.set(p, ids.size);
  const matcher: Matcher = compileMatcher([
    {
      id: CONTEXT_WATCHLIST,
      notify: [],
      entities: [...ids].map(([name, id]) => ({ id: String(id), name, aliases: [], shortNames: [], exclude: [] })),
    },
  ]);
  return {
    phraseId(phrase) {
      const id = ids.get(phrase);
      if (id === undefined) throw new Error(`relevance: context phrase "${phrase}" was not compiled`);
      return id;
    },
    find(article) {
      const found = new Map<number, Offset[]>();
      if (ids.size === 0) return found;
      for (const wl of matcher.match(article)) for (const m of wl.matches) found.set(Number(m.entityId), m.offsets);
      return found;
    },
  };
}

/** Whether occurrence `c` of a context phrase lies near mention `m` (same field). */
export function isNear(m: Offset, c: Offset, near: 'sentence' | number, fields: { title: string; text: string }): boolean {
  if (m.field !== c.field) return false;
  const source = fields[m.field];
  if (near === 'sentence') {
    const [from, to] = sentenceAround(source, m.start, m.end);
    return c.start >= from && c.end <= to;
  }
  const [gapFrom, gapTo] = c.start >= m.end ? [m.end, c.start] : [c.end, m.start];
  if (gapTo < gapFrom) return true; // overlapping: "Gaza envoy" inside a longer name
  // Cheap bound first: a gap of N words has at least N-1 separators, so a long gap is far without tokenizing it.
  if (gapTo - gapFrom > near * 40) return false;
  return normalizeForMatch(source.slice(gapFrom, gapTo)).tokens.length <= near;
}
