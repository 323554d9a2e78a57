import type { NewswatchConfig } from './types.js';

export interface ConfigChanges {
  feeds: { added: string[]; removed: string[]; changed: string[] };
  watchlists: { added: string[]; removed: string[]; changed: string[] };
  webhooks: { added: string[]; removed: string[]; changed: string[] };
  settingsChanged: boolean;
}

function diffById<T>(before: T[], after: T[], id: (t: T) => string): { added: string[]; removed: string[]; changed: string[] } {
  const old = new Map(before.map((t) => [id(t), JSON.stringify(t)]));
  const now = new Map(after.map((t) => [id(t), JSON.stringify(t)]));
  return {
    added: [...now.keys()].filter((k) => !old.has(k)),
    removed: [...old.keys()].filter((k) => !now.has(k)),
    changed: [...now.keys()].filter((k) => old.has(k) && old.get(k) !== now.get(k)),
  };
}

/**
 * What a reload changes, by id, for the log line an operator reads. Webhooks
 * are compared whole but reported by id only: their URLs and secrets are
 * never named.
 */
export function diffConfigs(before: NewswatchConfig, after: NewswatchConfig): ConfigChanges {
  return {
    feeds: diffById(before.feeds, after.feeds, (f) => f.url),
    watchlists: diffById(before.watchlists, after.watchlists, (w) => w.id),
    webhooks: diffById(before.webhooks, after.webhooks, (w) => w.id),
    settingsChanged: JSON.stringify([before.defaults, before.fetch]) !== JSON.stringify([after.defaults, after.fetch]),
  };
}

export function isUnchanged(c: ConfigChanges): boolean {
  const none = (d: { added: string[]; removed: string[]; changed: string[] }) => d.added.length + d.removed.length + d.changed.length === 0;
  return none(c.feeds) && none(c.watchlists) && none(c.webhooks) && !c.settingsChanged;
}
