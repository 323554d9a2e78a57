import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { pollNow, startTestWorker, waitForIdle } from '../helpers/worker.js';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { feedIdFromUrl } from '../../src/config/index.js';

const SEED = resolve(__dirname, '../fixtures/seed');

describe('pipeline: feed → article → match → signed webhook', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: RunningWorker;
  const requests: Array<{ path: string; ifNoneMatch?: string; status: number }> = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    const page = await readFile(resolve(SEED, 'witkoff-al-hayya.html'));
    const feedTemplate = await readFile(resolve(SEED, 'feed.xml'), 'utf8');
    site = await startTestServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/world/rss.xml') {
        // The seed item, linked to this server and dated now so the backfill window keeps it.
        const body = feedTemplate
          .replace('https://news.example.com/world/2026/11/witkoff-al-hayya-meeting', `${site.url}/world/2026/11/witkoff-al-hayya-meeting?utm_source=rss`)
          .replace(/<pubDate>[^<]*<\/pubDate>/, `<pubDate>${new Date().toUTCString()}</pubDate>`);
        const etag = '"seed-v1"';
        if (req.headers['if-none-match'] === etag) {
          requests.push({ path, ifNoneMatch: etag, status: 304 });
          res.writeHead(304).end();
          return;
        }
        requests.push({ path, status: 200 });
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
      } else if (path.startsWith('/world/2026/11/witkoff-al-hayya-meeting')) {
        requests.push({ path, status: 200 });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      } else {
        res.writeHead(404).end();
      }
    });
    receiver = await startReceiver();
    const configPath = await writeTestConfig({
      feeds: [{ url: `${site.url}/world/rss.xml`, name: 'Seed World' }],
      webhookUrl: `${receiver.url}/hooks/newswatch`,
    });
    worker = await startTestWorker(configPath, redis.url);
  });

  afterAll(async () => {
    await worker?.stop();
    await site?.close();
    await receiver?.close();
    await redis?.stop();
  });

  it('delivers one verified alert naming the three people, with snippets', async () => {
    const started = Date.now();
    expect(await pollNow(worker)).toBe(1);
    await waitFor(() => receiver.alerts.length >= 1, 15_000);
    const elapsed = Date.now() - started;
    const alert = receiver.alerts[0]!.body;
    expect(alert.type).toBe('article.matched');
    expect(alert.data.watchlist).toEqual({ id: 'mideast' });
    expect(alert.data.article.title).toBe('Witkoff set to meet Hamas negotiator Khalil al-Hayya');
    // SPEC: `url` is the link the feed gave (the page that was read); the page's own claim is `canonicalUrl`.
    expect(alert.data.article.url).toBe(`${site.url}/world/2026/11/witkoff-al-hayya-meeting`);
    expect(alert.data.article.canonicalUrl).toBe('https://news.example.com/world/2026/11/witkoff-al-hayya-meeting');
    expect(alert.data.article.feed).toEqual({ url: `${site.url}/world/rss.xml`, name: 'Seed World' });
    const ids = alert.data.matches.map((m: { entityId: string }) => m.entityId).sort();
    expect(ids).toEqual(['jared-kushner', 'khalil-al-hayya', 'steve-witkoff']);
    for (const m of alert.data.matches) {
      expect(m.count).toBeGreaterThan(0);
      expect(m.snippets.length).toBeGreaterThan(0);
      for (const s of m.snippets) expect(s.length).toBeLessThanOrEqual(300);
    }
    const witkoff = alert.data.matches.find((m: { entityId: string }) => m.entityId === 'steve-witkoff');
    expect(witkoff.inTitle).toBe(true);
    expect(witkoff.role).toBe('U.S. special envoy to the Middle East');
    expect(receiver.stats.badSignatures).toBe(0);
    // Poll to webhook on loopback: well within "one poll interval plus a few seconds".
    expect(elapsed).toBeLessThan(10_000);
  });

  it('answers the second poll of an unchanged feed with a 304 and sends nothing more', async () => {
    const feedId = feedIdFromUrl(`${site.url}/world/rss.xml`);
    expect(await pollNow(worker, feedId)).toBe(1);
    await waitFor(() => requests.some((r) => r.status === 304), 10_000);
    const last = requests.filter((r) => r.path === '/world/rss.xml').at(-1)!;
    expect(last).toMatchObject({ status: 304, ifNoneMatch: '"seed-v1"' });
    await waitForIdle(worker.queues);
    expect(receiver.alerts).toHaveLength(1);
    expect(requests.filter((r) => r.path.startsWith('/world/2026'))).toHaveLength(1);
  });
});
