import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { startTestRedis } from '../helpers/redis.js';
import { writeTestConfig } from '../helpers/config.js';
import { writeFeedState } from '../../workers/state/feed-state.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { Redis } from 'ioredis';

const SOURCES = resolve(ROOT, 'test/fixtures/sources');
/** One CLI process a test; tsx start-up alone takes seconds on a loaded machine. */
const CLI_TIMEOUT = 90_000;

describe('newswatch scan, discover and feeds on sources without a feed', () => {
  it('scan of a sitemap prints { source: { url, kind }, items: [{ url, title, publishedAt }] }', () => {
    const r = runCli(['scan', resolve(SOURCES, 'sitemaps/news-sitemap.xml'), '--url', 'https://wire.example.com/sitemaps/news.xml']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.source).toEqual({ url: 'https://wire.example.com/sitemaps/news.xml', kind: 'sitemap' });
    expect(out.items).toHaveLength(4);
    expect(out.items[0]).toEqual({
      url: 'https://wire.example.com/world/middle-east/witkoff-cairo-talks-2026-11-28/',
      title: 'Witkoff heads to Cairo as Hamas delegation arrives for talks',
      publishedAt: '2026-11-28T09:15:00.000Z',
    });
  }, CLI_TIMEOUT);

  it('scan --type page of a section page prints its story links; without --type the page is read as an article', () => {
    const page = resolve(SOURCES, 'pages/state-press.html');
    const r = runCli(['scan', page, '--type', 'page', '--url', 'https://www.state.gov/press-releases/']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.source).toEqual({ url: 'https://www.state.gov/press-releases/', kind: 'page' });
    expect(out.items.map((i: { title: string }) => i.title)).toContain('Special Envoy Witkoff’s Travel to Egypt and Israel');
  }, CLI_TIMEOUT);

  it('scan without --type reads an HTML page as an article, as before', () => {
    const article = JSON.parse(runCli(['scan', resolve(SOURCES, 'pages/state-press.html'), '--url', 'https://www.state.gov/press-releases/']).stdout);
    expect(article.article.title).toMatch(/Press Releases/);
  }, CLI_TIMEOUT);

  it('discover on a saved page prints the feeds it announces and the page as a listing, as YAML or JSON', () => {
    const page = resolve(SOURCES, 'pages/wordpress-ministry.html');
    const r = runCli(['discover', page, '--url', 'https://mfa.gov.example/news/']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('feeds:\n');
    expect(r.stdout).toContain('  - url: "https://mfa.gov.example/feed/"\n    name: "Ministry of Foreign Affairs » Feed"');
    expect(r.stdout).toContain('  - url: "https://mfa.gov.example/news/"\n    type: page');
  }, CLI_TIMEOUT);

  it('discover --json prints the same offers as data', () => {
    const page = resolve(SOURCES, 'pages/wordpress-ministry.html');
    const json = JSON.parse(runCli(['discover', page, '--url', 'https://mfa.gov.example/news/', '--json']).stdout);
    expect(json.offers.map((o: { kind: string; count: number }) => [o.kind, o.count])).toEqual([
      ['rss', 0],
      ['page', 6],
    ]);
  }, CLI_TIMEOUT);
});

describe('newswatch feeds shows each source\'s kind', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('prints a KIND column: the kind seen at the last poll, else the configured type', async () => {
    const urls = ['https://wire.example.com/sitemaps/news-index.xml', 'https://www.mfa.example.gov/en/press/', 'https://www.example.org/rss.xml'];
    const config = await writeTestConfig({ feeds: urls.map((url) => ({ url })), webhookUrl: 'http://127.0.0.1:9/h' });
    const client = new Redis(redis.url);
    try {
      await writeFeedState(client, feedIdFromUrl(urls[0]!), { kind: 'sitemap', lastOutcome: 'changed', lastPolledAt: Date.now() });
      await writeFeedState(client, feedIdFromUrl(urls[2]!), { kind: 'atom', lastOutcome: 'changed', lastPolledAt: Date.now() });
    } finally {
      await client.quit();
    }
    const r = runCli(['feeds'], { CONFIG_PATH: config, REDIS_URL: redis.url });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^FEED\s+KIND\s+INTERVAL/);
    const kindOf = (url: string) => lines.find((l) => l.startsWith(url))!.slice(lines[0]!.indexOf('KIND')).split(/\s+/)[0];
    expect(urls.map(kindOf)).toEqual(['sitemap', '-', 'atom']);
  }, CLI_TIMEOUT);
});
