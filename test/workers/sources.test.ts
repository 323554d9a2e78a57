/**
 * End to end, as for feeds: a local site with no feed at all, only a news
 * sitemap (behind robots.txt and a sitemap index) and a section page, gets
 * the same alerts as the same articles in an RSS feed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { pollNow, startLoggedWorker, startTestWorker, waitForIdle, type LogLine } from '../helpers/worker.js';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { readFeedState } from '../../workers/state/feed-state.js';
import { readItemTimes } from '../../workers/state/feed-items.js';
import { runDiscover } from '../../workers/commands/discover.js';

const SITE = resolve(__dirname, '../fixtures/sources/site');
const ARTICLE = readFileSync(resolve(SITE, 'article.html'), 'utf8');
const SECTION = readFileSync(resolve(SITE, 'section.html'), 'utf8');

interface Story {
  slug: string;
  title: string;
  paragraphs: string[];
}

const STORIES: Story[] = [
  {
    slug: 'witkoff-meets-mediators-as-al-hayya-arrives-in-cairo',
    title: 'Witkoff meets mediators as al-Hayya arrives in Cairo',
    paragraphs: [
      'U.S. special envoy Steve Witkoff met Egyptian and Qatari mediators in Cairo on Friday, hours after the Hamas chief negotiator Khalil al-Hayya arrived in the Egyptian capital.',
      'Witkoff told reporters the talks on the second phase of the ceasefire had made progress, while al-Hayya said the movement wanted guarantees before any new exchange.',
    ],
  },
  {
    slug: 'kushner-visits-riyadh-for-normalization-talks',
    title: 'Kushner visits Riyadh for normalization talks',
    paragraphs: [
      'Jared Kushner arrived in Riyadh on Thursday for talks with Saudi officials on normalization with Israel, according to two people briefed on the visit.',
      'Kushner, who brokered the Abraham Accords, has kept close ties with the Saudi leadership since leaving government.',
    ],
  },
  {
    slug: 'storm-batters-coastal-towns-in-the-north',
    title: 'Storm batters coastal towns in the north',
    paragraphs: [
      'A winter storm battered coastal towns in the north on Friday, cutting power to thousands of homes and closing schools and several main roads.',
      'Forecasters said the wind would ease overnight, but warned of flooding near rivers that were already running high after a wet week.',
    ],
  },
];

const LATE: Story = {
  slug: 'witkoff-returns-to-washington-to-brief-the-president',
  title: 'Witkoff returns to Washington to brief the president',
  paragraphs: [
    'Steve Witkoff returned to Washington on Saturday to brief the president on the Cairo talks, a White House official said.',
    'The envoy is expected to travel to the region again next week as negotiators work on the remaining gaps.',
  ],
};

const articlePath = (s: Story) => `/world/2026/11/28/${s.slug}`;
const etagOf = (body: string | Buffer) => `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;

/** The site: robots.txt → sitemap index → gzip news sitemap; a section page; article pages; and an RSS feed of the same stories. */
async function startSite() {
  let listed: Story[] = [...STORIES];
  let changedAt = new Date();
  const published = new Map<string, string>();
  const requests: Array<{ path: string; status: number }> = [];
  let site: TestServer;
  const dateOf = (s: Story) => published.get(s.slug) ?? new Date().toISOString();

  const newsSitemap = () =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${listed
      .map(
        (s) => `<url><loc>${site.url}${articlePath(s)}</loc><news:news><news:publication><news:name>Example Wire</news:name><news:language>en</news:language></news:publication>
<news:publication_date>${dateOf(s)}</news:publication_date><news:title>${s.title}</news:title></news:news></url>`,
      )
      .join('\n')}\n</urlset>`;
  const index = () =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>${site.url}/sitemaps/news-today.xml.gz</loc><lastmod>${changedAt.toISOString()}</lastmod></sitemap>
<sitemap><loc>${site.url}/sitemaps/archive-2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>\n</sitemapindex>`;
  const section = () =>
    SECTION.replace(
      '{{CARDS}}',
      listed
        .map((s) => `    <li class="story-card"><a class="card-image" href="${articlePath(s)}"><img src="/img/${s.slug}.jpg" alt=""></a><h2 class="card-title"><a href="${articlePath(s)}">${s.title}</a></h2><a class="card-section" href="/world/">World</a></li>`)
        .join('\n'),
    );
  const rss = () =>
    `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example Wire</title><link>${site.url}/</link><description>x</description>${listed
      .map((s) => `<item><title>${s.title}</title><link>${site.url}${articlePath(s)}</link><guid>${s.slug}</guid><pubDate>${new Date(dateOf(s)).toUTCString()}</pubDate></item>`)
      .join('')}</channel></rss>`;

  const bodies: Record<string, () => { type: string; body: string | Buffer } | undefined> = {
    '/robots.txt': () => ({ type: 'text/plain', body: `User-agent: *\nDisallow: /search\n\nSitemap: ${site.url}/sitemaps/index.xml\n` }),
    '/sitemaps/index.xml': () => ({ type: 'application/xml', body: index() }),
    '/sitemaps/news-today.xml.gz': () => ({ type: 'application/x-gzip', body: gzipSync(newsSitemap()) }),
    '/sitemaps/archive-2019.xml': () => ({ type: 'application/xml', body: '<?xml version="1.0"?><urlset><url><loc>https://old.example/never</loc></url></urlset>' }),
    '/world/': () => ({ type: 'text/html; charset=utf-8', body: section() }),
    '/compare/wire.xml': () => ({ type: 'application/rss+xml', body: rss() }),
  };

  site = await startTestServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const story = [...STORIES, LATE].find((s) => articlePath(s) === path);
    const answer = story
      ? { type: 'text/html; charset=utf-8', body: ARTICLE.replaceAll('{{TITLE}}', story.title).replace('{{PARAGRAPHS}}', story.paragraphs.map((p) => `<p>${p}</p>`).join('\n')) }
      : bodies[path]?.();
    if (!answer) {
      requests.push({ path: req.url ?? '/', status: 404 });
      return void res.writeHead(404).end();
    }
    // The gzip bytes differ from run to run only by their header: the ETag follows the content.
    const etag = etagOf(path.endsWith('.gz') ? newsSitemap() : answer.body);
    if (req.headers['if-none-match'] === etag) {
      requests.push({ path: req.url ?? '/', status: 304 });
      return void res.writeHead(304, { etag }).end();
    }
    requests.push({ path: req.url ?? '/', status: 200 });
    res.writeHead(200, { 'content-type': answer.type, etag }).end(answer.body);
  });

  for (const s of STORIES) published.set(s.slug, new Date().toISOString());
  return {
    site,
    requests,
    url: (p: string) => `${site.url}${p}`,
    count: (p: string, status?: number) => requests.filter((r) => r.path === p && (status === undefined || r.status === status)).length,
    publish(s: Story) {
      published.set(s.slug, new Date().toISOString());
      listed = [s, ...listed];
      changedAt = new Date();
    },
    reset() {
      listed = [...STORIES];
      changedAt = new Date();
      requests.length = 0;
    },
  };
}

type Site = Awaited<ReturnType<typeof startSite>>;

/** What the receiver got, as { article path: sorted entity ids }. */
function alertsByArticle(alerts: Array<{ body: any }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of alerts) {
    const path = new URL(a.body.data.article.url).pathname;
    out[path] = [...(out[path] ?? []), ...a.body.data.matches.map((m: { entityId: string }) => m.entityId)].sort();
  }
  return out;
}

/** Waits until every feed was polled after `since`, then until nothing is left to fetch or send. */
async function settle(worker: RunningWorker, feedIds: string[], since: number): Promise<void> {
  await waitFor(
    async () => {
      for (const id of feedIds) {
        const s = await readFeedState(worker.runtime.redis, id);
        if (!s.lastPolledAt || s.lastPolledAt < since) return false;
      }
      return true;
    },
    20_000,
    50,
    'the sources to be polled',
  );
  await waitForIdle(worker.queues, 20_000);
}

describe('a site with no feed: news sitemap behind robots.txt and an index, and a section page', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: Site;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: RunningWorker | undefined;
  let configPath: string;
  let indexUrl: string;
  let sectionUrl: string;
  const alertsFromSources: Array<{ body: any }> = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startSite();
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await worker?.stop();
    await site?.site.close();
    await receiver?.close();
    await redis?.stop();
  });

  it('discover turns the section page into feeds: lines (the sitemap from robots.txt, the page itself)', async () => {
    const fetchOnly = await writeTestConfig({ feeds: [], webhookUrl: `${receiver.url}/x` });
    const report = await runDiscover(site.url('/world/'), { configPath: fetchOnly });
    indexUrl = site.url('/sitemaps/index.xml');
    sectionUrl = site.url('/world/');
    expect(report.offers.map((o) => [o.url, o.kind, o.via, o.count])).toEqual([
      [indexUrl, 'sitemap', 'robots.txt', 3],
      [sectionUrl, 'page', 'the page itself', 3],
    ]);
    expect(report.offers[0]!.sample).toContainEqual(expect.objectContaining({ url: site.url(articlePath(STORIES[0]!)), title: STORIES[0]!.title }));
    expect(report.yaml).toContain(`  - url: "${sectionUrl}"\n    type: page`);
    // Without a config, loopback is refused like any private address.
    await expect(runDiscover(site.url('/world/'), {})).rejects.toThrow(/refusing to connect to a non-public address/);
  });

  it('first poll: the sitemap alerts its fresh stories, the page records its links as backlog; every person found', async () => {
    configPath = await writeTestConfig({
      feeds: [
        { url: indexUrl, name: 'Wire sitemap' },
        { url: sectionUrl, name: 'Wire World' },
      ],
      webhookUrl: `${receiver.url}/hooks/newswatch`,
    });
    const since = Date.now();
    worker = await startTestWorker(configPath, redis.url);
    expect(await pollNow(worker)).toBe(2);
    await waitFor(() => receiver.alerts.length >= 2, 20_000);
    await settle(worker, [feedIdFromUrl(indexUrl), feedIdFromUrl(sectionUrl)], since);
    alertsFromSources.push(...receiver.alerts);
    expect(alertsByArticle(receiver.alerts)).toEqual({
      [articlePath(STORIES[0]!)]: ['khalil-al-hayya', 'steve-witkoff'],
      [articlePath(STORIES[1]!)]: ['jared-kushner'],
    });
    // Alerts name the configured URL, not the index's child.
    for (const a of receiver.alerts) expect(a.body.data.article.feed).toEqual({ url: indexUrl, name: 'Wire sitemap' });
    // Each article fetched once, the old child never, no navigation page at all.
    for (const s of STORIES) expect(site.count(articlePath(s))).toBe(1);
    expect(site.count('/sitemaps/archive-2019.xml')).toBe(0);
    for (const nav of ['/about/', '/politics/', '/business/', '/privacy/', '/contact/', '/tag/middle-east/', '/world/?page=2', '/']) expect(site.count(nav)).toBe(0);
    const page = await readFeedState(worker.runtime.redis, feedIdFromUrl(sectionUrl));
    const sitemap = await readFeedState(worker.runtime.redis, feedIdFromUrl(indexUrl));
    expect([page.kind, sitemap.kind]).toEqual(['page', 'sitemap']);
    expect(Object.keys(sitemap.children ?? {})).toEqual([site.url('/sitemaps/news-today.xml.gz')]);
  });

  it('a story new on both the page and the sitemap alerts once, fetched once', async () => {
    site.publish(LATE);
    const since = Date.now();
    expect(await pollNow(worker!)).toBe(2);
    await waitFor(() => receiver.alerts.length >= 3, 20_000);
    await settle(worker!, [feedIdFromUrl(indexUrl), feedIdFromUrl(sectionUrl)], since);
    alertsFromSources.splice(0, alertsFromSources.length, ...receiver.alerts);
    expect(receiver.alerts).toHaveLength(3);
    expect(alertsByArticle(receiver.alerts.slice(2))).toEqual({ [articlePath(LATE)]: ['steve-witkoff'] });
    expect(site.count(articlePath(LATE))).toBe(1);
    for (const s of STORIES) expect(site.count(articlePath(s))).toBe(1);
  });

  it('unchanged sources cost a 304 each and no article fetch', async () => {
    const before = site.requests.length;
    const since = Date.now();
    expect(await pollNow(worker!)).toBe(2);
    await settle(worker!, [feedIdFromUrl(indexUrl), feedIdFromUrl(sectionUrl)], since);
    const after = site.requests.slice(before);
    expect(after.map((r) => `${r.path} ${r.status}`).sort()).toEqual(['/sitemaps/index.xml 304', '/world/ 304']);
    expect(receiver.alerts).toHaveLength(3);
  });

  it('the same stories in an RSS feed give the same alerts', async () => {
    await worker!.stop();
    worker = undefined;
    const admin = new Redis(redis.url);
    await admin.flushall();
    await admin.quit();
    const rssReceiver = await startReceiver();
    site.reset();
    site.publish(LATE);
    const rssConfig = await writeTestConfig({ feeds: [{ url: site.url('/compare/wire.xml'), name: 'Wire RSS' }], webhookUrl: `${rssReceiver.url}/hooks/newswatch` });
    const rssWorker = await startTestWorker(rssConfig, redis.url);
    try {
      const since = Date.now();
      expect(await pollNow(rssWorker)).toBe(1);
      await waitFor(() => rssReceiver.alerts.length >= 3, 20_000);
      await settle(rssWorker, [feedIdFromUrl(site.url('/compare/wire.xml'))], since);
      expect(alertsByArticle(rssReceiver.alerts)).toEqual(alertsByArticle(alertsFromSources));
      expect(rssReceiver.alerts).toHaveLength(alertsFromSources.length);
    } finally {
      await rssWorker.stop();
      await rssReceiver.close();
    }
  });
});

describe('a listing page whose links change at every poll', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: TestServer;
  let poll = 0;
  const articleHits: string[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startTestServer((req, res) => {
      const path = req.url ?? '/';
      if (path === '/latest/') {
        poll += 1;
        // Forty links, every one new at every poll (a rotating token in the slug).
        const cards = Array.from({ length: 40 }, (_, i) => `<li><h3><a href="/2026/11/28/story-${i}-token-${poll}-${Math.random().toString(36).slice(2, 8)}">Story number ${i} of the day about the talks</a></h3></li>`);
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<!DOCTYPE html><html><body><main><ul>${cards.join('')}</ul></main></body></html>`);
      }
      if (path === '/steady/') {
        // Links that do not change, and no ETag or Last-Modified: every poll is a full 200.
        const cards = [1, 2, 3].map((i) => `<li><h3><a href="/2026/11/28/steady-story-number-${i}-about-the-talks">Steady story number ${i} about the talks</a></h3></li>`);
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<!DOCTYPE html><html><body><main><ul>${cards.join('')}</ul></main></body></html>`);
      }
      articleHits.push(path);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><article><h1>A story</h1><p>Nothing about anyone in particular, just text for the extractor to read.</p></article></body></html>');
    });
  });

  afterAll(async () => {
    await site?.close();
    await redis?.stop();
  });

  it('alerts on nothing: first poll is backlog, then each poll is recognised as churn and logged', async () => {
    const receiver = await startReceiver();
    const configPath = await writeTestConfig({ feeds: [{ url: `${site.url}/latest/` }], webhookUrl: `${receiver.url}/h` });
    const { worker, logs } = await startLoggedWorker(configPath, redis.url);
    const feedId = feedIdFromUrl(`${site.url}/latest/`);
    try {
      for (let n = 1; n <= 3; n++) {
        const since = Date.now();
        expect(await pollNow(worker, feedId)).toBe(1);
        await settle(worker, [feedId], since);
      }
      expect(poll).toBe(3);
      expect(articleHits).toEqual([]);
      const churn = logs.filter((l: LogLine) => /its links all changed since the last poll/.test(l.msg));
      expect(churn).toHaveLength(2);
      expect(churn[0]).toMatchObject({ links: 40, feedId });
      // Backlog and churned links were not published now: they do not speed up the page's auto interval.
      expect(await readItemTimes(worker.runtime.redis, feedId)).toEqual([]);
    } finally {
      await worker.stop();
      await receiver.close();
    }
  });

  it('an unchanged page answered 200 without validators costs no article fetch', async () => {
    const receiver = await startReceiver();
    const configPath = await writeTestConfig({ feeds: [{ url: `${site.url}/steady/` }], webhookUrl: `${receiver.url}/h` });
    const worker = await startTestWorker(configPath, redis.url);
    const feedId = feedIdFromUrl(`${site.url}/steady/`);
    try {
      for (let n = 1; n <= 2; n++) {
        const since = Date.now();
        expect(await pollNow(worker, feedId)).toBe(1);
        await settle(worker, [feedId], since);
      }
      const state = await readFeedState(worker.runtime.redis, feedId);
      expect(state).toMatchObject({ kind: 'page', lastOutcome: 'changed', primed: true });
      expect(articleHits.filter((p) => p.includes('steady'))).toEqual([]);
    } finally {
      await worker.stop();
      await receiver.close();
    }
  });
});
