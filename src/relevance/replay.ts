/**
 * Replay's comparison: the alerts a config would have sent over stored
 * articles against the alerts actually sent in the same window, per story,
 * watchlist and person (the unit one alert is sent for). Pure.
 */

export interface AlertKey {
  storyId: string;
  watchlistId: string;
  entityId: string;
  name: string;
  title?: string;
  url: string;
}

const keyOf = (k: AlertKey) => `${k.storyId}\u0000${k.watchlistId}\u0000${k.entityId}`;

export function replayDiff(wouldSend: AlertKey[], sent: AlertKey[]): { added: AlertKey[]; removed: AlertKey[]; kept: number } {
  const sentKeys = new Set(sent.map(keyOf));
  const wouldKeys = new Set<string>();
  const added: AlertKey[] = [];
  for (const k of wouldSend) {
    const key = keyOf(k);
    if (wouldKeys.has(key)) continue; // two copies of one story: one alert
    wouldKeys.add(key);
    if (!sentKeys.has(key)) added.push(k);
  }
  const removed: AlertKey[] = [];
  const seenRemoved = new Set<string>();
  for (const k of sent) {
    const key = keyOf(k);
    if (wouldKeys.has(key) || seenRemoved.has(key)) continue;
    seenRemoved.add(key);
    removed.push(k);
  }
  return { added, removed, kept: wouldKeys.size - added.length };
}
