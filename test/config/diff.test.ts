import { describe, expect, it } from 'vitest';
import { diffConfigs, isUnchanged } from '../../src/config/diff.js';
import { ENV, okConfig } from './helpers.js';

const before = okConfig('valid.yaml');
const after = okConfig('valid-edited.yaml');

describe('diffConfigs', () => {
  it('finds nothing between a config and the same file parsed again', () => {
    const changes = diffConfigs(before, okConfig('valid.yaml'));
    expect(isUnchanged(changes)).toBe(true);
    expect(changes.settingsChanged).toBe(false);
  });

  it('names feeds by URL as added, removed or changed', () => {
    const { feeds } = diffConfigs(before, after);
    expect(feeds.added).toEqual(['https://example.net/markets.xml']);
    expect(feeds.removed).toEqual([`https://news.example.org/feed.atom?key=${ENV.FEED_KEY}`]);
    expect(feeds.changed).toEqual(['https://example.com/world/rss.xml']);
  });

  it('reports a watchlist whose entities changed, and leaves the others out', () => {
    const { watchlists } = diffConfigs(before, after);
    expect(watchlists).toEqual({ added: [], removed: [], changed: ['markets'] });
  });

  it('reports a webhook whose URL changed by id only, never by URL or secret', () => {
    const changes = diffConfigs(before, after);
    expect(changes.webhooks).toEqual({ added: [], removed: [], changed: ['chat'] });
    const logged = JSON.stringify(changes);
    expect(logged).not.toContain('hooks.slack.example');
    expect(logged).not.toContain(ENV.SLACK_PATH);
    expect(logged).not.toContain(ENV.ALERT_WEBHOOK_SECRET);
  });

  it('flags a change of defaults or fetch settings, which have no id', () => {
    const slower = { ...before, fetch: { ...before.fetch, timeoutMs: before.fetch.timeoutMs + 1 } };
    const changes = diffConfigs(before, slower);
    expect(changes.settingsChanged).toBe(true);
    expect(isUnchanged(changes)).toBe(false);
    const wider = { ...before, defaults: { ...before.defaults, maxIntervalMs: before.defaults.maxIntervalMs * 2 } };
    expect(diffConfigs(before, wider).settingsChanged).toBe(true);
  });

  it('counts a reordering of feeds as no change', () => {
    const reordered = { ...before, feeds: [...before.feeds].reverse() };
    expect(isUnchanged(diffConfigs(before, reordered))).toBe(true);
  });

  it('treats every kind of change as a change', () => {
    expect(isUnchanged(diffConfigs(before, after))).toBe(false);
    expect(isUnchanged(diffConfigs(before, { ...before, webhooks: before.webhooks.slice(1) }))).toBe(false);
    expect(isUnchanged(diffConfigs(before, { ...before, watchlists: [] }))).toBe(false);
  });
});
