import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { pollNow, startLoggedWorker } from '../helpers/worker.js';
import { runCli } from '../helpers/cli.js';
import type { RunningWorker } from '../../workers/runtime/start.js';

const fixture = (name: string) => new URL(`../fixtures/relevance/${name}`, import.meta.url);
/** What the test receiver answers a valid alert with. */
const RECEIVER_STATUS = 204;
const PASSWORD = 'matches-test-password';
const auth = { authorization: 'Basic ' + Buffer.from(`admin:${PASSWORD}`).toString('base64') };

/** Watchlists beside the helper's plain `mideast` (Witkoff, al-Hayya, Kushner: every mention alerts). */
const RULES = `
  - id: talks
    entities:
      - { id: steve-witkoff, name: Steve Witkoff, shortNames: [Witkoff], exclude: [Andrew Witkoff] }
      - { id: khalil-al-hayya, name: Khalil al-Hayya, shortNames: [al-Hayya] }
    when: { together: 2, context: [Hamas, Gaza, ceasefire, hostages], near: sentence, languages: [en, ar] }
    notify: [ops]
  - id: leaders
    entities:
      - id: donald-trump
        name: Donald Trump
        shortNames: [Trump]
        when: { prominence: TRUMP_PROMINENCE }
      - { id: jared-kushner, name: Jared Kushner, shortNames: [Kushner] }
      - { id: robert-mugabe, name: Robert Mugabe, shortNames: [Mugabe] }
      - { id: emmerson-mnangagwa, name: Emmerson Mnangagwa, shortNames: [Mnangagwa] }
    when: { prominence: lead }
    notify: [ops]`;

describe('rules, history, matches and replay on a running worker', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: RunningWorker;
  let base: string;
  let feedUrl: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    const pages: Record<string, Buffer> = {
      '/world/witkoff-al-hayya': await readFile(fixture('witkoff-al-hayya.html')),
      '/world/zimbabwe-coup': await readFile(fixture('telegraph.html')),
    };
    const feed = await readFile(fixture('feed.xml'), 'utf8');
    site = await startTestServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === '/feed.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed.replaceAll('{{BASE}}', site.url).replaceAll('{{NOW}}', new Date().toUTCString()));
      } else if (pages[path]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages[path]);
      } else res.writeHead(404).end();
    });
    feedUrl = `${site.url}/feed.xml`;
    receiver = await startReceiver();
    const configPath = await writeTestConfig({
      feeds: [{ url: feedUrl, name: 'Relevance' }],
      webhookUrl: `${receiver.url}/hooks`,
      extraWatchlists: RULES.replace('TRUMP_PROMINENCE', 'title'),
    });
    ({ worker, base } = await startLoggedWorker(configPath, redis.url, { adminPassword: PASSWORD }));
    expect(await pollNow(worker)).toBe(1);
    // mideast and talks on the seed story; leaders on the Telegraph story (Mugabe only).
    await waitFor(() => receiver.alerts.length >= 3, 20_000);
    await waitFor(async () => {
      const r = await fetch(`${base}/api/matches`, { headers: auth });
      const body = (await r.json()) as { alerts: Array<{ delivery: unknown }> };
      return body.alerts.length === 3 && body.alerts.every((a) => a.delivery !== null);
    }, 10_000);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await site?.close();
    await receiver?.close();
    await redis?.stop();
  });

  const alertOf = (watchlist: string) => receiver.alerts.find((a) => a.body.data.watchlist.id === watchlist)!.body.data;

  it('alerts only for the people the rules let through, with prominence and the rule that held', () => {
    expect(receiver.alerts.map((a) => a.body.data.watchlist.id).sort()).toEqual(['leaders', 'mideast', 'talks']);
    const plain = alertOf('mideast');
    expect(Object.fromEntries(plain.matches.map((m: any) => [m.entityId, m.prominence]))).toEqual({
      'steve-witkoff': 'title', 'khalil-al-hayya': 'title', 'jared-kushner': 'body',
    });
    expect(plain.matches.every((m: any) => m.rule === undefined)).toBe(true);

    const talks = alertOf('talks');
    expect(talks.matches.map((m: any) => m.entityId)).toEqual(['steve-witkoff', 'khalil-al-hayya']);
    expect(talks.matches[1].rule).toEqual({
      context: { required: ['Hamas', 'Gaza', 'ceasefire', 'hostages'], found: ['Hamas', 'Gaza', 'ceasefire', 'hostages'], source: 'watchlist' },
      near: { required: 'sentence', found: ['Hamas'], source: 'watchlist' },
      together: { required: 2, found: ['steve-witkoff', 'khalil-al-hayya'], source: 'watchlist' },
      languages: { required: ['en', 'ar'], found: 'en', source: 'watchlist' },
    });

    // Trump (lead only, his rule asks for the title) and Kushner (fourth paragraph) stay quiet;
    // on the Telegraph story Mugabe is in the title, Mnangagwa only in the seventh paragraph.
    const leaders = alertOf('leaders');
    expect(leaders.matches.map((m: any) => [m.entityId, m.prominence, m.rule.prominence])).toEqual([
      ['robert-mugabe', 'title', { required: 'lead', found: 'title', source: 'watchlist' }],
    ]);
  });

  it('/api/matches lists each alert with where and when it was delivered, filtered, behind the admin password', async () => {
    expect((await fetch(`${base}/api/matches`)).status).toBe(401);
    expect((await fetch(`${base}/api/matches`, { headers: { authorization: 'Basic ' + Buffer.from('admin:wrong').toString('base64') } })).status).toBe(401);
    const all = (await (await fetch(`${base}/api/matches?since=1h`, { headers: auth })).json()) as any;
    expect(all.alerts).toHaveLength(3);
    for (const a of all.alerts) {
      expect(a).toMatchObject({ webhookId: 'ops', delivery: { outcome: 'delivered', status: RECEIVER_STATUS } });
      expect(receiver.alerts.some((r) => r.id === a.alertId && JSON.stringify(r.body.data) === JSON.stringify(a.data))).toBe(true);
    }
    const witkoff = (await (await fetch(`${base}/api/matches?person=steve-witkoff`, { headers: auth })).json()) as any;
    expect(witkoff.alerts.map((a: any) => a.watchlistId).sort()).toEqual(['mideast', 'talks']);
    const leaders = (await (await fetch(`${base}/api/matches?watchlist=leaders&limit=5`, { headers: auth })).json()) as any;
    expect(leaders.alerts.map((a: any) => a.data.matches[0].entityId)).toEqual(['robert-mugabe']);
    expect((await fetch(`${base}/api/matches?since=forever`, { headers: auth })).status).toBe(400);
  });

  it('/matches is a server-rendered page with the names highlighted in the snippets', async () => {
    expect((await fetch(`${base}/matches`)).status).toBe(401);
    const res = await fetch(`${base}/matches?since=1h`, { headers: auth });
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('<mark>Robert Mugabe</mark>');
    // Short names are marked too, and a possessive's "’s" stays outside the mark.
    expect(html).toContain('sources familiar with <mark>Witkoff</mark>’s plans');
    expect(html).toContain('Mr <mark>Mugabe</mark> is resisting');
    expect(html).toContain('3 alerts in the last 1h');
  });

  it('reports the bytes the history holds as a metric', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    const bytes = Number(/^newswatch_history_bytes (\d+)/m.exec(text)?.[1]);
    expect(bytes).toBeGreaterThan(1000);
  });

  it('newswatch matches lists them from the command line', () => {
    const env = { REDIS_URL: redis.url };
    const json = runCli(['matches', '--since', '1h', '--json'], env);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as unknown[]).length).toBe(3);
    const table = runCli(['matches', '--person', 'robert-mugabe'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/leaders\s+Robert Mugabe \(title\)\s+ops\s+delivered/);
    expect(table.stdout).not.toContain('Witkoff');
    expect(runCli(['matches', '--since', 'yesterday'], env).stderr).toContain('--since must be a duration');
  }, 90_000);

  it('newswatch replay shows what a changed config would add and drop, and sends nothing', async () => {
    const env = { REDIS_URL: redis.url };
    const same = JSON.parse(runCli(['replay', '--config', await writeConfig('title'), '--since', '1h', '--json'], env).stdout);
    expect(same).toMatchObject({ articles: 2, sent: 6, kept: 6, added: [], removed: [] });

    // Trump allowed in the lead, and talks needing three people: Trump would alert, talks no longer.
    const changed = (await writeConfig('lead')).replace(/$/, '');
    await writeFile(changed, (await readFile(changed, 'utf8')).replace('when: { together: 2,', 'when: { together: 3,'));
    const run = runCli(['replay', '--config', changed, '--since', '1h', '--json'], env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.added.map((k: any) => `${k.watchlistId}/${k.entityId}`)).toEqual(['leaders/donald-trump']);
    expect(report.removed.map((k: any) => `${k.watchlistId}/${k.entityId}`).sort()).toEqual(['talks/khalil-al-hayya', 'talks/steve-witkoff']);
    const text = runCli(['replay', '--config', changed, '--since', '1h'], env).stdout;
    expect(text).toContain('would alert beyond what was sent (1):');
    expect(text).toMatch(/\+ leaders {2}Donald Trump {2}Witkoff set to meet/);
    expect(receiver.alerts).toHaveLength(3);
  }, 90_000);

  async function writeConfig(trumpProminence: string): Promise<string> {
    return writeTestConfig({
      feeds: [{ url: feedUrl, name: 'Relevance' }],
      webhookUrl: `${receiver.url}/hooks`,
      extraWatchlists: RULES.replace('TRUMP_PROMINENCE', trumpProminence),
    });
  }
});
