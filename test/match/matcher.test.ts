import { describe, expect, it } from 'vitest';
import type { WatchlistConfig } from '../../src/config/types.js';
import { compileMatcher } from '../../src/match/index.js';
import { counts, watchlistSets } from './helpers.js';

const person = (id: string, name: string, extra: Partial<WatchlistConfig['entities'][number]> = {}) => ({
  id,
  name,
  aliases: [],
  shortNames: [],
  exclude: [],
  ...extra,
});

describe('compileMatcher: watchlists', () => {
  const watchlists: WatchlistConfig[] = [
    { id: 'a', notify: [], entities: [person('witkoff', 'Steve Witkoff'), person('kushner', 'Jared Kushner')] },
    { id: 'b', notify: [], entities: [person('witkoff', 'Steve Witkoff', { shortNames: ['Witkoff'] })] },
    { id: 'c', notify: [], entities: [person('hayya', 'Khalil al-Hayya')] },
  ];
  const matcher = compileMatcher(watchlists);
  const text = 'Steve Witkoff and Jared Kushner met. Witkoff spoke.';

  it('returns only watchlists with a match, each with its own entity config', () => {
    const result = matcher.match({ text });
    expect(result.map((r) => r.watchlistId)).toEqual(['a', 'b']);
    expect(counts(result, 'a')).toEqual({ witkoff: 1, kushner: 1 });
    expect(counts(result, 'b')).toEqual({ witkoff: 2 }); // only b lists the short name
  });

  it('limits matching to the given watchlist ids, ignoring unknown ones', () => {
    expect(matcher.match({ text }, ['b', 'nope']).map((r) => r.watchlistId)).toEqual(['b']);
    expect(matcher.match({ text }, [])).toEqual([]);
  });

  it('orders entities by count, then config order', () => {
    const m = compileMatcher([
      {
        id: 'x',
        notify: [],
        entities: [person('one', 'Ann Lee'), person('two', 'Bo Park'), person('three', 'Cy Diaz')],
      },
    ]);
    const [r] = m.match({ text: 'Cy Diaz, Bo Park and Ann Lee. Bo Park again.' });
    expect(r!.matches.map((x) => x.entityId)).toEqual(['two', 'one', 'three']);
  });

  it('settles overlaps within each watchlist, not across watchlists', () => {
    const m = compileMatcher([
      { id: 'senior-only', notify: [], entities: [person('dt', 'Donald Trump')] },
      ...watchlistSets.trumps!,
    ]);
    const result = m.match({ text: 'Donald Trump Jr. spoke.' });
    expect(counts(result, 'senior-only')).toEqual({ dt: 1 });
    expect(counts(result, 'trumps')).toEqual({ 'donald-trump-jr': 1 });
  });

  it('ignores names that fold to nothing and handles an empty config', () => {
    const m = compileMatcher([{ id: 'x', notify: [], entities: [person('p', 'Ann Lee', { aliases: ['—', ' '] })] }]);
    expect(counts(m.match({ text: 'Ann Lee — yes' }))).toEqual({ p: 1 });
    expect(compileMatcher([]).match({ text: 'Ann Lee' })).toEqual([]);
  });

  it('omits role when the config has none', () => {
    const [r] = compileMatcher([{ id: 'x', notify: [], entities: [person('p', 'Ann Lee')] }]).match({ text: 'Ann Lee' });
    expect(r!.matches[0]).not.toHaveProperty('role');
  });

  it('gives offsets of possessives without the plural s', () => {
    const text = 'Steve Witkoff and the Witkoffs’ house';
    const [r] = compileMatcher(watchlistSets.mideast!).match({ text });
    expect(r!.matches[0]!.offsets.map((o) => text.slice(o.start, o.end))).toEqual(['Steve Witkoff', 'Witkoff']);
  });

  it('finds names beyond the Basic Multilingual Plane context (astral chars around)', () => {
    const [r] = compileMatcher(watchlistSets.mideast!).match({ text: '😀Steve Witkoff😀 𝐒𝐭𝐞𝐯𝐞 𝐖𝐢𝐭𝐤𝐨𝐟𝐟' });
    // Mathematical bold letters fold to plain ones under NFKC.
    expect(r!.matches[0]!.count).toBe(2);
  });
});
