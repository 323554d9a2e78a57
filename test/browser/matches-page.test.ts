import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAlertPayload } from '../../src/alert/payload.js';
import { loadConfigFile } from '../../src/config/index.js';
import type { NewswatchConfig } from '../../src/config/types.js';
import { compileMatcher } from '../../src/match/index.js';
import { judgeArticle, readArticle } from '../../src/pipeline/article.js';
import { compileRelevance } from '../../src/relevance/index.js';
import { createMatchesHandler, MATCHES_PATHS } from '../../workers/http/matches.js';
import { startHealthServer } from '../../workers/http/server.js';
import { connectRedis, type RedisClient } from '../../workers/redis/connect.js';
import { recordDelivery, recordHistory } from '../../workers/state/history.js';
import { startTestRedis } from '../helpers/redis.js';

/**
 * The /matches page in a real headless browser (Debian's chromium). Alerts are
 * made by the real article stage from fixture pages and stored in a real
 * redis-server; the page is served by the worker's own HTTP server.
 * UPDATE_SCREENSHOT=1 also writes docs/matches-page.png for the README.
 */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('browser test skipped: no chromium binary (apt-get install -y chromium)');

const PASSWORD = 'browser-test-password';
const fixture = (name: string) => new URL(`../fixtures/relevance/${name}`, import.meta.url);

describe.skipIf(!CHROMIUM)('/matches in headless chromium', () => {
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: RedisClient;
  let http: Server;
  let browser: Browser;
  let profile: string;
  let base: string;
  let config: NewswatchConfig;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = connectRedis(server.url);
    config = await loadConfigFile(decodeURIComponent(fixture('rules.yaml').pathname));
    const deps = { matcher: compileMatcher(config.watchlists), relevance: compileRelevance(config.watchlists) };
    let n = 0;
    for (const [page, watchlists] of [['witkoff-al-hayya.html', ['plain', 'talks']], ['telegraph.html', ['lead']]] as const) {
      const url = `https://news.example.com/${page.replace('.html', '')}`;
      const article = readArticle({ html: await readFile(fixture(page), 'utf8'), url }, url);
      for (const wl of judgeArticle(deps, article, [...watchlists]).found) {
        const now = Date.now() - 60_000 * ++n;
        const payload = buildAlertPayload({ watchlistId: wl.watchlistId, article, feed: { url: 'https://news.example.com/rss', name: 'Example' }, matches: wl.matches, now: new Date(now) });
        const alertId = `msg_${n}`;
        await recordHistory(redis, { maxAgeMs: 86_400_000, maxBytes: 10_000_000 }, {
          alerts: [{ alertId, webhookId: 'ops', watchlistId: wl.watchlistId, storyId: url, articleId: url, queuedAt: now, data: payload.data }],
        }, now);
        await recordDelivery(redis, alertId, { outcome: 'delivered', at: now + 900, status: 204 });
      }
    }
    http = await startHealthServer(0, {
      redis,
      workersRunning: () => true,
      matches: { paths: MATCHES_PATHS, handler: createMatchesHandler({ redis, password: PASSWORD, watchlists: () => config.watchlists }) },
    }, '127.0.0.1');
    base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
    profile = await mkdtemp(join(tmpdir(), 'newswatch-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    http?.close();
    await redis?.quit();
    await server?.stop();
  });

  it('asks for the admin password', async () => {
    const page = await browser.newPage();
    // Without credentials chromium gets the 401 challenge and, headless, gives up on it.
    const outcome = await page.goto(`${base}/matches`).then((r) => r?.status(), (e: Error) => e.message);
    expect(String(outcome)).toMatch(/^401$|ERR_INVALID_AUTH_CREDENTIALS/);
    expect(await page.$('mark')).toBeNull();
    await page.close();
  });

  it('shows alerts by person and watchlist with the names highlighted, and filters by person', async () => {
    const page = await browser.newPage();
    await page.authenticate({ username: 'admin', password: PASSWORD });
    await page.setViewport({ width: 1100, height: 1400 });
    const res = await page.goto(`${base}/matches?since=1d`);
    expect(res?.status()).toBe(200);
    const headings = await page.$$eval('section h2', (hs) => hs.map((h) => h.textContent?.replace(/\s+/g, ' ').trim()));
    // plain: Witkoff, Trump, Kushner; talks: Witkoff, al-Hayya; lead: Mugabe, Moyo, Kasukuwere.
    expect(headings).toHaveLength(8);
    expect(headings).toContain('Steve Witkoff talks 1');
    expect(headings).toContain('Robert Mugabe lead 1');
    const marks = await page.$$eval('mark', (ms) => [...new Set(ms.map((m) => m.textContent))]);
    expect(marks).toEqual(expect.arrayContaining(['Steve Witkoff', 'Witkoff', 'Khalil al-Hayya', 'al-Hayya', 'Robert Mugabe', 'Mugabe']));
    // The highlight is visible: a painted background, not just an element.
    const background = await page.$eval('mark', (m) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(m).backgroundColor);
    expect(background).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
    const shot = join(profile, 'matches-page.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect((await readFile(shot)).subarray(1, 4).toString()).toBe('PNG');
    if (process.env.UPDATE_SCREENSHOT) await copyFile(shot, new URL('../../docs/matches-page.png', import.meta.url));

    // The form filters by person, server-side.
    await page.type('input[name=person]', 'robert-mugabe');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    const only = await page.$$eval('section h2', (hs) => hs.map((h) => h.textContent?.replace(/\s+/g, ' ').trim()));
    expect(only).toEqual(['Robert Mugabe lead 1']);
    await page.close();
  });
});
