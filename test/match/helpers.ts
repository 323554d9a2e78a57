import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WatchlistConfig } from '../../src/config/types.js';
import type { WatchlistMatch } from '../../src/match/index.js';

export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/match/${name}`, import.meta.url));


export const watchlistSets = JSON.parse(readFileSync(fixturePath('watchlists.json'), 'utf8')) as Record<
  string,
  WatchlistConfig[]
>;

/** entityId → count, for the first (or the named) watchlist of a result. */
export function counts(result: WatchlistMatch[], watchlistId?: string): Record<string, number> {
  const wl = watchlistId ? result.find((r) => r.watchlistId === watchlistId) : result[0];
  return Object.fromEntries((wl?.matches ?? []).map((m) => [m.entityId, m.count]));
}
