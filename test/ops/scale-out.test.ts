import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/cli.js';
import { startTestRedis } from '../helpers/redis.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite, type SiteItem } from '../helpers/news-site.js';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { waitFor } from '../helpers/wait.js';
import { waitForIdle } from '../helpers/worker.js';
import { doublePolledSlots } from '../helpers/slots.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { openQueues, type Queues } from '../../workers/runtime/queues.js';
import { connectRedis, type RedisClient } from '../../workers/redis/connect.js';

/*
 * Three `newswatch run` processes on one redis-server, 200 feeds on 10 s
 * intervals: the feeds are shared out with none polled twice in a slot, each
 * article is fetched once and each alert sent once; then one process is
 * SIGKILLed in the middle of an article and BullMQ's stalled-job recovery
 * hands that article to a survivor.
 *
 * The feeds sit on 48 sites on their own loopback addresses (4 feeds each)
 * plus one "wire" site with 8: the per-host politeness limit (2 requests in
 * flight, 250 ms apart, across processes) would otherwise queue 200 polls
 * behind each other on one host and blur the 10 s slots.
 */

const SITES = 48;
const FEEDS_PER_SITE = 4;
const WIRE_FEEDS = 8;
const INTERVAL_MS = 10_000;
/** The wire's slow article answers after this long: the window in which its worker is killed. */
const SLOW_MS = 3_000;

/** Deterministic filler words, so each matching story's text is its own (no near-duplicate merging). */
function filler(seed: number, words: number): string {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tor', 'vu', 'sa', 'pel', 'dri', 'no', 'qua', 'zen', 'bo', 'fi', 'gar', 'hu', 'ost', 'ple', 'tam', 'yor'];
  let x = seed * 2654435761 + 1;
  const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x >>> 8);
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const n = 2 + (next() % 2);
    let w = '';
    for (let j = 0; j < n; j++) w += syllables[next() % syllables.length];
    out.push(w);
  }
  return out.join(' ');
}

function matchingStory(n: number): string[] {
  return [
    `Steve Witkoff met Jared Kushner on Tuesday to discuss the ${filler(n, 6)} proposal, officials said.`,
    `${filler(n + 1_000, 45)}.`,
    `${filler(n + 2_000, 45)}.`,
  ];
}

function plainStory(n: number): string[] {
  return [`The council approved budget line ${n} after a long debate about ${filler(n + 3_000, 8)}.`, `${filler(n + 4_000, 30)}.`];
}

/** A site whose article pages answer slowly, with RSS feeds whose items can change during the test. */
async function startWireSite(host: string) {
  const feeds = new Map<string, SiteItem[]>();
  const pages = new Map<string, SiteItem & { slow?: boolean }>();
  const requests: Array<{ path: string; status: number; at: number }> = [];
  let site: TestServer;
  const itemXml = (i: SiteItem) =>
    `<item><title>${i.title}</title><link>${site.url}/story/${i.slug}</link><guid isPermaLink="false">${i.slug}</guid>` +
    `<pubDate>${(i.publishedAt ?? new Date()).toUTCString()}</pubDate><description>${i.title}</description></item>`;
  site = await startTestServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const items = feeds.get(path);
    if (items) {
      requests.push({ path, status: 200, at: Date.now() });
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
        .end(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire ${path}</title><link>${site.url}/</link><description>wire</description>${items.map(itemXml).join('')}</channel></rss>`);
      return;
    }
    const page = path.startsWith('/story/') ? pages.get(path.slice('/story/'.length)) : undefined;
    if (!page) {
      requests.push({ path, status: 404, at: Date.now() });
      res.writeHead(404).end();
      return;
    }
    requests.push({ path, status: 200, at: Date.now() });
    if (page.slow) await new Promise((r) => setTimeout(r, SLOW_MS));
    if (res.destroyed) return;
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${page.title}</title></head><body><article><h1>${page.title}</h1>${(page.paragraphs ?? []).map((p) => `<p>${p}</p>`).join('')}</article></body></html>`);
  }, host);
  return {
    ...site,
    requests,
    setFeed(path: string, items: Array<SiteItem & { slow?: boolean }>) {
      feeds.set(path, items);
      for (const i of items) pages.set(i.slug, i);
    },
    feedUrl: (path: string) => `${site.url}${path}`,
  };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('three worker processes on one Redis, 200 feeds', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let sites: Array<Awaited<ReturnType<typeof startNewsSite>>>;
  let wire: Awaited<ReturnType<typeof startWireSite>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let connection: RedisClient;
  let queues: Queues;
  const children: ChildProcess[] = [];
  const output: string[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    sites = await Promise.all(Array.from({ length: SITES }, (_, i) => startNewsSite(`127.0.0.${40 + i}`)));
    wire = await startWireSite(`127.0.0.${40 + SITES}`);
    receiver = await startReceiver();
    connection = connectRedis(redis.url);
    queues = openQueues(connection);
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await queues?.close();
    connection?.disconnect();
    await Promise.all((sites ?? []).map((s) => s.close()));
    await wire?.close();
    await receiver?.close();
    await redis?.stop();
  });

  it('share the feeds, fetch and alert once, and take over a killed worker’s article', async () => {
    // Fixed dates keep each feed's ETag stable, so later polls are cheap 304s.
    const publishedAt = new Date();
    const tag = randomUUID().slice(0, 6);
    const feedPaths: Array<{ url: string; count: () => Array<number> }> = [];
    const articles: Array<{ site: (typeof sites)[number]; path: string; url: string }> = [];
    const expectedAlertUrls = new Set<string>();
    let n = 0;
    for (const [s, site] of sites.entries()) {
      for (let f = 0; f < FEEDS_PER_SITE; f++) {
        const path = `/feed-${f}.xml`;
        const items: SiteItem[] = [];
        for (let k = 0; k < 1 + ((s + f) % 2); k++, n++) {
          const slug = `${tag}-s${s}-f${f}-a${k}`;
          const matching = n % 6 === 0;
          items.push({ slug, title: matching ? `Envoys meet over plan ${n}` : `Council notes ${n}`, publishedAt, paragraphs: matching ? matchingStory(n) : plainStory(n) });
          articles.push({ site, path: `/news/${slug}`, url: `${site.url}/news/${slug}` });
          if (matching) expectedAlertUrls.add(`${site.url}/news/${slug}`);
        }
        site.setFeed(path, items);
        feedPaths.push({ url: site.feedUrl(path), count: () => site.requests.filter((r) => r.path === path).map((r) => r.at) });
      }
    }
    const wireArticles: string[] = [];
    const wireItems: SiteItem[] = [];
    for (let f = 0; f < WIRE_FEEDS; f++, n++) {
      const path = `/wire-${f}.xml`;
      const slug = `${tag}-wire-${f}`;
      wireItems.push({ slug, title: `Wire brief ${n}`, publishedAt, paragraphs: plainStory(n) });
      wire.setFeed(path, [wireItems[f]!]);
      wireArticles.push(`/story/${slug}`);
      feedPaths.push({ url: wire.feedUrl(path), count: () => wire.requests.filter((r) => r.path === path).map((r) => r.at) });
    }
    expect(feedPaths).toHaveLength(200);

    const configPath = await writeTestConfig({
      feeds: feedPaths.map((f) => ({ url: f.url, interval: '10s' })),
      webhookUrl: `${receiver.url}/hook`,
    });
    const started = Date.now();
    for (let i = 0; i < 3; i++) {
      // A 5 s lock and stalled check (instead of 30 s) keeps the takeover below within test time.
      const child = spawnCli(['run'], { CONFIG_PATH: configPath, REDIS_URL: redis.url, PORT: '0', LOG_LEVEL: 'warn', NEWSWATCH_STALLED_CHECK_MS: '5000' });
      child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
      children.push(child);
    }
    const names = new Map(children.map((c) => [`${hostname()}:${c.pid}`, c]));

    // Who completed polls, sampled before the completed list is trimmed (100 per scheduler template).
    const pollers = new Set<string>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        for (const job of await queues.poll.getCompleted(0, -1)) if (job.processedBy) pollers.add(job.processedBy);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();

    // Phase 1: every feed's first poll, every article, every alert; all three processes at work.
    // 60 s: on a loaded 2-core machine the three processes' start-up alone can take 20 s.
    await waitFor(() => receiver.alerts.length >= expectedAlertUrls.size, 60_000, 200);
    await waitFor(
      async () => {
        const a = await queues.article.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        const b = await queues.alert.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        return Object.values(a).every((v) => v === 0) && Object.values(b).every((v) => v === 0);
      },
      10_000,
      200,
    );
    await waitFor(() => pollers.size >= 3, 10_000, 200);
    const phase1 = Date.now() - started;

    // Phase 2: a slow article appears in all eight wire feeds; the process that takes it is killed mid-fetch.
    const slowSlug = `${tag}-slow`;
    const slow = { slug: slowSlug, title: 'Envoys meet over the slow plan', publishedAt: new Date(), paragraphs: matchingStory(99_999), slow: true };
    for (let f = 0; f < WIRE_FEEDS; f++) wire.setFeed(`/wire-${f}.xml`, [wireItems[f]!, slow]);
    const slowPath = `/story/${slowSlug}`;
    await waitFor(() => wire.requests.some((r) => r.path === slowPath), 15_000, 20);
    const holder: string = await waitFor(
      async () => (await queues.article.getActive()).find((j) => j.data.link.includes(slowSlug))?.processedBy ?? '',
      SLOW_MS - 500,
      20,
    );
    const victim = names.get(holder);
    expect(victim, `active job held by ${holder}`).toBeDefined();
    victim!.kill('SIGKILL');
    const killedAt = Date.now();
    await exited(victim!);

    // BullMQ's stalled check (every 5 s here, on a lock that lives 5 s) hands the job to a survivor.
    await waitFor(() => receiver.alerts.some((a) => a.body.data.article.url === wire.url + slowPath), 30_000, 200);
    const takeover = Date.now() - killedAt;
    sampling = false;
    await sampler;
    await waitForIdle(queues); // a duplicate, if any, would have been sent by now
    await waitFor(() => feedPaths.every((f) => f.count().length >= 2), 15_000, 200);
    // Never twice in one interval: no more polls than 10 s slots have come round since the start, and
    // no slot of a feed polled twice (a poll that waited for its host's politeness budget still counts
    // in its own slot).
    const slots = Math.ceil((Date.now() - started) / 10_000) + 1;
    let closest = Infinity;
    for (const feed of feedPaths) {
      const times = feed.count().sort((a, b) => a - b);
      expect(times.length, feed.url).toBeGreaterThanOrEqual(2);
      expect(times.length, feed.url).toBeLessThanOrEqual(slots);
      expect(doublePolledSlots(times, feedIdFromUrl(feed.url), 10_000), feed.url).toEqual(new Map());
      for (let i = 1; i < times.length; i++) closest = Math.min(closest, times[i]! - times[i - 1]!);
    }
    console.info(
      `scale-out: phase 1 ${phase1} ms; killed worker's article delivered ${takeover} ms after SIGKILL; ` +
        `closest two polls of a feed ${closest} ms apart; ${Date.now() - started} ms in all`,
    );
    // Every article fetched exactly once; the killed one once by the victim and once by its heir.
    for (const a of articles) expect(a.site.requests.filter((r) => r.path === a.path).length, a.url).toBe(1);
    for (const path of wireArticles) expect(wire.requests.filter((r) => r.path === path).length, path).toBe(1);
    expect(wire.requests.filter((r) => r.path === slowPath).length).toBe(2);

    // One verified alert per matching story, the slow one included.
    expectedAlertUrls.add(wire.url + slowPath);
    expect(receiver.stats.badSignatures).toBe(0);
    expect(new Set(receiver.alerts.map((a) => a.id)).size).toBe(receiver.alerts.length);
    expect(receiver.alerts.map((a) => a.body.data.article.url).sort()).toEqual([...expectedAlertUrls].sort());
    for (const a of receiver.alerts) expect(a.body.data.matches.map((m: { entityId: string }) => m.entityId).sort()).toEqual(['jared-kushner', 'steve-witkoff']);

    // All three processes polled; the slow article went through stalled-job recovery to a survivor.
    expect([...pollers].sort()).toEqual([...names.keys()].sort());
    const done = (await queues.article.getCompleted(0, -1)).find((j) => j.data.link.includes(slowSlug));
    expect(done?.stalledCounter).toBe(1);
    expect(done?.processedBy).not.toBe(holder);
    expect(names.has(done!.processedBy!)).toBe(true);
    for (const q of [queues.poll, queues.article, queues.alert]) expect((await q.getJobCounts('failed')).failed, q.name).toBe(0);
  }, 150_000);
});
