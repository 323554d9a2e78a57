import { describe, expect, it } from 'vitest';
import { feedIdFromUrl, parseConfigText } from '../../src/config/index.js';
import { ENV, GOOD_SECRET, okConfig } from './helpers.js';

describe('a valid config, every field written', () => {
  const c = okConfig('valid.yaml');

  it('parses units to ms and bytes', () => {
    expect(c.defaults).toEqual({
      interval: { kind: 'fixed', ms: 600_000 },
      minIntervalMs: 30_000,
      maxIntervalMs: 7_200_000,
      backfillMs: 172_800_000,
    });
    expect(c.fetch).toEqual({ timeoutMs: 20_000, maxBytes: 2 * 1024 * 1024, allowPrivateNetworks: true });
  });

  it('resolves feeds: id from the URL, own interval or auto, watchlists as written', () => {
    expect(c.feeds[0]).toEqual({
      id: feedIdFromUrl('https://example.com/world/rss.xml'),
      url: 'https://example.com/world/rss.xml',
      name: 'Example World',
      interval: { kind: 'fixed', ms: 120_000 },
      watchlists: ['mideast'],
    });
    expect(c.feeds[1]?.interval).toEqual({ kind: 'auto' });
    expect(c.feeds[1]?.name).toBeUndefined();
  });

  it('a feed without watchlists gets every watchlist', () => {
    expect(c.feeds[1]?.watchlists).toEqual(['mideast', 'markets']);
  });

  it('keeps entities with their phrases', () => {
    expect(c.watchlists[0]?.entities[0]).toEqual({
      id: 'steve-witkoff',
      name: 'Steve Witkoff',
      aliases: ['Steven Witkoff', 'Steven Charles Witkoff'],
      shortNames: ['Witkoff'],
      exclude: ['Andrew Witkoff', 'Zach Witkoff'],
      role: 'U.S. special envoy to the Middle East',
    });
    expect(c.watchlists[0]?.notify).toEqual(['ops', 'chat']);
  });

  it('resolves webhooks, with retry and format', () => {
    expect(c.webhooks[0]).toEqual({
      id: 'ops',
      url: ENV.ALERT_WEBHOOK_URL,
      secret: GOOD_SECRET,
      format: 'standard',
      timeoutMs: 5_000,
      retry: { attempts: 5, initialDelayMs: 30_000, maxDelayMs: 3_600_000 },
      allowPrivateNetwork: false,
    });
    expect(c.webhooks[1]?.format).toBe('slack');
    expect(c.webhooks[1]?.secret).toBeUndefined();
  });
});

describe('defaults', () => {
  it('fills every omitted field', () => {
    const c = okConfig('minimal.yaml');
    expect(c.defaults).toEqual({
      interval: { kind: 'auto' },
      minIntervalMs: 60_000,
      maxIntervalMs: 6 * 3_600_000,
      backfillMs: 24 * 3_600_000,
    });
    expect(c.fetch).toEqual({ timeoutMs: 15_000, maxBytes: 5_000_000, allowPrivateNetworks: false });
    expect(c.feeds[0]?.interval).toEqual({ kind: 'auto' });
    expect(c.feeds[0]?.watchlists).toEqual(['a', 'b']);
    expect(c.watchlists[0]?.entities[0]).toEqual({ id: 'someone', name: 'Some One', aliases: [], shortNames: [], exclude: [] });
    expect(c.watchlists[0]?.notify).toEqual([]);
  });

  it('a feed without its own interval takes defaults.interval', () => {
    const r = parseConfigText('defaults: { interval: 3m }\nfeeds: [{ url: "https://a.example/rss" }]\nwatchlists: []\nwebhooks: []\n', 'c.yaml', {});
    expect(r.ok && r.config.feeds[0]?.interval).toEqual({ kind: 'fixed', ms: 180_000 });
  });

  it('webhook timeout and retry (about a day of exponential backoff)', () => {
    const r = parseConfigText(`feeds: []\nwatchlists: []\nwebhooks:\n  - id: ops\n    url: https://h.example/x\n    secret: ${GOOD_SECRET}\n`, 'c.yaml', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const hook = r.config.webhooks[0];
    expect(hook).toMatchObject({ format: 'standard', timeoutMs: 15_000, retry: { attempts: 20, initialDelayMs: 10_000, maxDelayMs: 7_200_000 } });
    let total = 0;
    for (let i = 0; i < 19; i++) total += Math.min(10_000 * 2 ** i, 7_200_000);
    expect(total / 3_600_000).toBeGreaterThan(18);
    expect(total / 3_600_000).toBeLessThan(30);
  });

  it('empty lists are fine', () => {
    const c = okConfig('empty-lists.yaml');
    expect(c.feeds).toEqual([]);
    expect(c.watchlists).toEqual([]);
    expect(c.webhooks).toEqual([]);
  });
});

describe('feedIdFromUrl', () => {
  it('is a stable 16-hex-char id, distinct per URL', () => {
    const a = feedIdFromUrl('https://example.com/rss.xml');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(feedIdFromUrl('https://example.com/rss.xml')).toBe(a);
    expect(feedIdFromUrl('https://example.com/atom.xml')).not.toBe(a);
  });
});

describe('webhook secrets', () => {
  const withSecret = (secret: string) =>
    parseConfigText(`feeds: []\nwatchlists: []\nwebhooks:\n  - id: ops\n    url: https://h.example/x\n    secret: "${secret}"\n`, 'c.yaml', {}).ok;

  it('accepts whsec_ and base64 of 24 to 64 bytes', () => {
    expect(withSecret(`whsec_${Buffer.alloc(24, 1).toString('base64')}`)).toBe(true);
    expect(withSecret(`whsec_${Buffer.alloc(64, 1).toString('base64')}`)).toBe(true);
  });

  it('rejects too short, too long, no prefix, not base64', () => {
    expect(withSecret(`whsec_${Buffer.alloc(23, 1).toString('base64')}`)).toBe(false);
    expect(withSecret(`whsec_${Buffer.alloc(65, 1).toString('base64')}`)).toBe(false);
    expect(withSecret(Buffer.alloc(32, 1).toString('base64'))).toBe(false);
    expect(withSecret(`whsec_${'!'.repeat(32)}`)).toBe(false);
  });
});
