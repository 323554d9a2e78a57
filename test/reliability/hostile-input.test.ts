/**
 * Hostile feeds and article pages, through the running worker: each case is
 * polled by the real poll → article → alert pipeline; each must end in bounded
 * time and memory with a clear outcome (a log line where the worker logs one,
 * else the job's own result), and a normal feed on the same worker must
 * still deliver its alert afterwards.
 *
 * The parsers' own hostile cases are unit-tested in test/feed/hostile.test.ts,
 * test/extract/input.test.ts, test/http/limits.test.ts and
 * test/http/decompression.test.ts; this file proves the worker wires them up.
 */
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { keys } from '../../workers/state/keys.js';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { startNewsSite } from '../helpers/news-site.js';
import { finishedArticles, fixture, pollAndWait, rssFeed, watchMemory, writeConfig } from './support.js';
import { memoryLogger, startLoggedWorker, type LogLine, waitForIdle } from '../helpers/worker.js';
import { startScriptedSite, type ScriptedSite } from '../helpers/http.js';
import { startReceiver } from '../helpers/receiver.js';

const MAX_BYTES = 16 * 1024 * 1024;
const TIMEOUT_MS = 2_000;
/** Peak RSS growth allowed for one case; every unbounded variant needs gigabytes. */
const MEMORY_BOUND_MB = 300;

/** Feeds whose poll must fail with a logged error. */
interface FeedErrorCase {
  name: string;
  path: string;
  err: RegExp;
  maxMs: number;
}

const feedErrorCases: FeedErrorCase[] = [
  { name: 'a feed that is an HTML page', path: '/html.xml', err: /^feed: not a feed \(looks like HTML\)$/, maxMs: 2_000 },
  { name: 'an empty body', path: '/empty.xml', err: /^feed: empty body$/, maxMs: 2_000 },
  { name: 'a gzip bomb (1 MB on the wire, 1 GB inflated)', path: '/gzip-bomb.xml', err: /^fetch: body exceeds 16000000 bytes$/, maxMs: 5_000 },
  { name: 'a chunked body past the size cap', path: '/too-large.xml', err: /^fetch: body exceeds 16000000 bytes$/, maxMs: 5_000 },
  { name: 'a Content-Length past the size cap', path: '/declared-too-large.xml', err: /^fetch: content-length \d+ exceeds 16000000 bytes$/, maxMs: 2_000 },
  { name: 'a server sending one byte a second', path: '/trickle.xml', err: /^fetch: timed out after 2000 ms$/, maxMs: TIMEOUT_MS + 1_500 },
  { name: 'a server that never answers', path: '/hang.xml', err: /^fetch: timed out after 2000 ms$/, maxMs: TIMEOUT_MS + 1_500 },
  { name: 'a redirect loop', path: '/loop.xml', err: /^fetch: more than 5 redirects$/, maxMs: 2_000 },
  { name: '50 redirects', path: '/chain/0', err: /^fetch: more than 5 redirects$/, maxMs: 2_000 },
];

describe('hostile input through the running worker', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: ScriptedSite;
  let normal: Awaited<ReturnType<typeof startNewsSite>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let dtdListener: net.Server;
  /** The client port of every connection the DTD listener accepted. */
  const dtdClientPorts: number[] = [];
  let worker: RunningWorker;
  const logger = memoryLogger();
  const hanging = new Set<import('node:http').ServerResponse>();
  let normalCount = 0;

  const url = (path: string) => `${site.url}${path}`;
  const feedLog = (path: string): LogLine | undefined =>
    logger.lines.find((l) => l.feedId === feedIdFromUrl(url(path)) && l.msg === 'feed poll failed');
  const alertsFor = (slug: string) => receiver.delivered().filter((a) => String(a.body.data.article.url).includes(`/news/${slug}`));

  /** The worker carries on: a normal feed on another host still goes poll → alert. */
  async function expectCarriesOn(): Promise<void> {
    normalCount += 1;
    const slug = `ok-${normalCount}`;
    const items = Array.from({ length: normalCount }, (_, i) => ({
      slug: `ok-${i + 1}`,
      title: `Steve Witkoff update ${i + 1}`,
      paragraphs: [`Steve Witkoff met officials about case ${i + 1}.`],
    }));
    normal.setFeed('/normal.xml', items);
    const started = Date.now();
    await pollAndWait(worker, normal.feedUrl('/normal.xml'));
    await waitFor(() => alertsFor(slug).length > 0, 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
  }

  beforeAll(async () => {
    redis = await startTestRedis();
    receiver = await startReceiver();
    normal = await startNewsSite('127.0.0.2');
    site = await startScriptedSite('127.0.0.1');
    dtdListener = net.createServer((socket) => {
      dtdClientPorts.push(socket.remotePort!);
      socket.destroy();
    });
    await new Promise<void>((r) => dtdListener.listen(0, '127.0.0.1', r));
    const dtdBase = `http://127.0.0.1:${(dtdListener.address() as net.AddressInfo).port}`;

    const xml = (body: string | Buffer, headers: Record<string, string> = {}) =>
      (_req: unknown, res: import('node:http').ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...headers }).end(body);
      };
    const html = (body: string | Buffer, contentType = 'text/html; charset=utf-8') =>
      (_req: unknown, res: import('node:http').ServerResponse) => {
        res.writeHead(200, { 'content-type': contentType }).end(body);
      };
    const vars = { BASE: site.url, DATE: new Date().toUTCString(), DTD: dtdBase };
    const neutral = (title: string) =>
      `<!DOCTYPE html><html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>Nothing about anyone on the watchlists, just a story about the harbour and the weather in the spring.</p></article></body></html>`;

    // --- XML entity attacks
    site.route('/billion-laughs.xml', xml(await fixture('billion-laughs.xml', vars)));
    site.route('/news/laughs', html(neutral('Laughs')));
    site.route('/xxe.xml', xml(await fixture('xxe.xml', vars)));
    // No title on the page: the alert takes the feed item's title, where &xxe; sits.
    site.route('/news/xxe', html('<html><body><article><p>Steve Witkoff met Khalil al-Hayya in Doha, officials said on Tuesday.</p></article></body></html>'));
    site.route('/remote-dtd.xml', xml(await fixture('remote-dtd.xml', vars)));
    site.route('/news/remote-dtd', html(neutral('Cafe')));

    // --- a 100,000-item feed (undated items: a first poll records them as seen)
    const parts = [`<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Huge</title><link>${site.url}/</link>`];
    for (let i = 0; i < 100_000; i++) parts.push(`<item><title>Item ${i}</title><link>${site.url}/news/huge-${i}</link><guid>h${i}</guid></item>`);
    parts.push('</channel></rss>');
    site.route('/huge.xml', xml(parts.join('\n')));

    // --- bodies that are not feeds
    site.route('/html.xml', html(await fixture('html-feed.html')));
    site.route('/empty.xml', xml(''));
    // Invalid UTF-8 in a feed that declares UTF-8 (0xFF 0xFE and a lone Latin-1 é).
    site.route(
      '/invalid-utf8.xml',
      xml(
        Buffer.concat([
          Buffer.from(`<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Bad `),
          Buffer.from([0xff, 0xfe]),
          Buffer.from(` bytes</title><item><title>Caf`),
          Buffer.from([0xe9]),
          Buffer.from(` news</title><link>${site.url}/news/invalid-utf8</link><guid>iu</guid><pubDate>${vars.DATE}</pubDate></item></channel></rss>`),
        ]),
      ),
    );
    site.route('/news/invalid-utf8', html(neutral('Invalid')));

    // --- size and decompression: 64 gzip members of 16 MB of zeros each = 1 GB inflated, ~1 MB sent
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    site.route('/gzip-bomb.xml', xml(bomb, { 'content-encoding': 'gzip' }));
    site.route('/too-large.xml', (_req, res) => {
      // An endless chunked body: the worker must stop reading at the cap.
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, '<!-- padding -->');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    site.route('/declared-too-large.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(MAX_BYTES + 1) });
      res.write('<rss>');
      hanging.add(res);
    });

    // --- slow and silent servers
    site.route('/trickle.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const body = '<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title></channel></rss>';
      let i = 0;
      const timer = setInterval(() => {
        if (res.destroyed || i >= body.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(body[i++]!);
      }, 1_000);
      res.on('close', () => clearInterval(timer));
    });
    site.route('/hang.xml', (_req, res) => {
      hanging.add(res); // never answers
    });

    // --- redirects
    site.route('/loop.xml', (_req, res) => res.writeHead(302, { location: '/loop.xml' }).end());
    for (let i = 0; i < 50; i++) {
      site.route(`/chain/${i}`, (_req, res) => res.writeHead(301, { location: i < 49 ? `/chain/${i + 1}` : '/billion-laughs.xml' }).end());
    }

    // --- article pages: one feed per case, one item each, linking to the page
    const articleCase = (name: string, title: string, page: string | Buffer, contentType?: string) => {
      site.route(`/${name}.xml`, xml(rssFeed(site.url, [{ slug: name, title, description: title }])));
      site.route(`/news/${name}`, html(page, contentType));
    };
    const deep = 100_000;
    articleCase(
      'deep',
      'Deeply nested page',
      `<!DOCTYPE html><html><head><title>Deeply nested page</title></head><body>${'<div>'.repeat(deep)}` +
        `<p>Steve Witkoff met Khalil al-Hayya in Doha, officials said on Tuesday, in a page nested ${deep} levels deep.</p>` +
        `${'</div>'.repeat(deep)}</body></html>`,
    );
    articleCase(
      'huge-attributes',
      'Page with enormous attributes',
      `<!DOCTYPE html><html><head><title>Page with enormous attributes</title></head><body>` +
        `<article data-blob="${'A'.repeat(2_000_000)}" ${Array.from({ length: 20_000 }, (_, i) => `a${i}="${i}"`).join(' ')}>` +
        `<p style="${'x:y;'.repeat(250_000)}">Steve Witkoff met Khalil al-Hayya in Doha, officials said on Tuesday.</p></article></body></html>`,
    );
    articleCase('script-article', 'Weather outlook for the weekend', await fixture('script-article.html'));
    // Declared UTF-8, sent as windows-1252: the é bytes are invalid UTF-8.
    articleCase(
      'wrong-charset',
      'Envoy in Doha',
      Buffer.from(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Envoy in Doha</title></head><body><article><h1>Envoy in Doha</h1>' +
          '<p>Steve Witkoff met Khalil al-Hayya at a caf\u00e9 in Doha; the d\u00e9l\u00e9gation said talks would resume.</p></article></body></html>',
        'latin1',
      ),
      'text/html; charset=utf-8',
    );
    articleCase('snippet-markup', "Envoy's schedule", await fixture('snippet-markup.html'));

    const hostilePaths = [
      '/billion-laughs.xml', '/xxe.xml', '/remote-dtd.xml', '/huge.xml', '/invalid-utf8.xml',
      ...feedErrorCases.map((c) => c.path),
      '/deep.xml', '/huge-attributes.xml', '/script-article.xml', '/wrong-charset.xml', '/snippet-markup.xml',
    ];
    normal.setFeed('/normal.xml', []);
    const configPath = await writeConfig({
      // A long interval: polls happen when a test asks (pollNow), not on their own.
      feeds: [...hostilePaths.map((p) => ({ url: url(p), interval: '24h' })), { url: normal.feedUrl('/normal.xml'), interval: '24h' }],
      webhookUrl: `${receiver.url}/hook`,
      fetch: { timeout: '2s', maxBytes: '16MB', allowPrivateNetworks: true },
    });
    worker = (await startLoggedWorker(configPath, redis.url, { logger })).worker;
    // Prime the normal feed (its first poll) so later polls see only new items.
    await pollAndWait(worker, normal.feedUrl('/normal.xml'));
  }, 60_000);

  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await worker?.stop();
    await site?.close();
    await normal?.close();
    await receiver?.close();
    await new Promise((r) => dtdListener?.close(r));
    await redis?.stop();
    if (process.env.RELIABILITY_DUMP_LOG) console.log(logger.text());
  });

  describe('XML entities', () => {
    it('billion laughs: nothing expanded, the item title stays the literal reference', async () => {
      const mem = watchMemory();
      const poll = await pollAndWait(worker, url('/billion-laughs.xml'));
      expect(mem.stop()).toBeLessThan(MEMORY_BOUND_MB);
      expect(poll.ms).toBeLessThan(2_000);
      expect(poll.returnvalue).toBe('changed: 1 new, 1 queued');
      const [article] = await waitFor(async () => {
        const done = await finishedArticles(worker, url('/billion-laughs.xml'));
        return done.length > 0 ? done : undefined;
      });
      expect(article!.job.data.item.title).toBe('&lol9;');
      expect(article!.job.data.item.contentText).toBe('&lol9;&lol9;&lol9;');
      expect(article!.outcome).toBe('no match');
      await expectCarriesOn();
    });

    it('XXE: /etc/passwd never reaches a job, a log line or a webhook; no entity URL is fetched', async () => {
      const poll = await pollAndWait(worker, url('/xxe.xml'));
      expect(poll.returnvalue).toBe('changed: 1 new, 1 queued');
      await waitFor(() => alertsFor('xxe').length > 0, 10_000);
      const alert = alertsFor('xxe')[0]!.body;
      expect(alert.data.article.title).toBe('Leak: &xxe;');
      const [article] = await finishedArticles(worker, url('/xxe.xml'));
      const everything = JSON.stringify([receiver.attempts.map((a) => a.body), logger.lines, article!.job.data]);
      expect(everything).not.toMatch(/root:|\/bin\/(ba)?sh|nologin|daemon:/);
      expect(site.hits('/steal')).toBe(0);
      await expectCarriesOn();
    });

    it('a remote DTD is never fetched (0 connections to its listener)', async () => {
      const poll = await pollAndWait(worker, url('/remote-dtd.xml'));
      expect(poll.returnvalue).toBe('changed: 1 new, 1 queued');
      const [article] = await waitFor(async () => {
        const done = await finishedArticles(worker, url('/remote-dtd.xml'));
        return done.length > 0 ? done : undefined;
      });
      expect(article!.job.data.item.title).toBe('Caf\u00e9 & more news');
      // A connection of our own, made after the feed was parsed: the listener accepts connections in
      // order, so once it has seen ours it has seen any the worker opened while parsing.
      const probe = net.connect((dtdListener.address() as net.AddressInfo).port, '127.0.0.1').on('error', () => undefined);
      await new Promise((resolve) => probe.once('connect', resolve));
      const probePort = probe.localPort!;
      await waitFor(() => dtdClientPorts.includes(probePort), 5_000);
      probe.destroy();
      expect(dtdClientPorts).toEqual([probePort]);
      await expectCarriesOn();
    });
  });

  it('a 100,000-item feed: the first 500 items are kept and recorded, nothing floods the queues', async () => {
    const mem = watchMemory();
    const poll = await pollAndWait(worker, url('/huge.xml'), 20_000);
    expect(mem.stop()).toBeLessThan(MEMORY_BOUND_MB);
    expect(poll.ms).toBeLessThan(5_000);
    expect(poll.returnvalue).toBe('changed: 0 new, 0 queued');
    const line = logger.lines.find((l) => l.feedId === feedIdFromUrl(url('/huge.xml')) && l.msg === 'first poll: older items recorded as seen');
    expect(line).toMatchObject({ backlog: 500, fresh: 0 });
    expect(await worker.runtime.redis.zcard(keys.feedSeen(feedIdFromUrl(url('/huge.xml'))))).toBe(500);
    expect(site.requests.filter((r) => r.path.startsWith('/news/huge-'))).toHaveLength(0);
    await expectCarriesOn();
  }, 30_000);

  it('invalid UTF-8 in a feed: decoded with replacement characters, not rejected', async () => {
    const poll = await pollAndWait(worker, url('/invalid-utf8.xml'));
    expect(poll.returnvalue).toBe('changed: 1 new, 1 queued');
    const [article] = await waitFor(async () => {
      const done = await finishedArticles(worker, url('/invalid-utf8.xml'));
      return done.length > 0 ? done : undefined;
    });
    expect(article!.job.data.item.title).toBe('Caf\ufffd news');
    await expectCarriesOn();
  });

  it.each(feedErrorCases)('$name: the poll fails fast with a clear log line', async ({ path, err, maxMs }) => {
    const mem = watchMemory();
    const poll = await pollAndWait(worker, url(path));
    expect(mem.stop()).toBeLessThan(MEMORY_BOUND_MB);
    expect(poll.ms).toBeLessThan(maxMs);
    expect(poll.returnvalue).toMatch(/^error: /);
    const line = await waitFor(() => feedLog(path), 2_000);
    expect(line.level).toBe(40); // warn
    expect(String(line.err)).toMatch(err);
    expect(line.feedUrl).toBe(url(path));
    await expectCarriesOn();
  });

  it('the redirect cap holds: of a 50-hop chain only the first 6 hops are requested', () => {
    expect(site.hits('/chain/0')).toBe(1);
    expect(site.requests.filter((r) => r.path.startsWith('/chain/'))).toHaveLength(6);
  });

  describe('article pages', () => {
    async function articleOutcome(name: string) {
      const poll = await pollAndWait(worker, url(`/${name}.xml`));
      expect(poll.returnvalue).toBe('changed: 1 new, 1 queued');
      const [article] = await waitFor(async () => {
        const done = await finishedArticles(worker, url(`/${name}.xml`));
        return done.length > 0 ? done : undefined;
      }, 15_000);
      return { outcome: article!.outcome, ms: (article!.job.finishedOn ?? 0) - (article!.job.processedOn ?? 0) };
    }
    const matchedLine = (name: string) => logger.lines.find((l) => l.msg === 'article matched' && String(l.url).endsWith(`/news/${name}`));

    it('100,000 levels of nesting: extracted in bounded time, the name still found', async () => {
      const mem = watchMemory();
      const { outcome, ms } = await articleOutcome('deep');
      expect(mem.stop()).toBeLessThan(MEMORY_BOUND_MB);
      expect(ms).toBeLessThan(5_000);
      expect(outcome).toBe('matched: 1 alerts queued');
      expect(matchedLine('deep')).toBeDefined();
      await waitFor(() => alertsFor('deep').length > 0);
      await expectCarriesOn();
    }, 30_000);

    it('enormous attributes (2 MB value, 20,000 attributes, 1 MB style): bounded, still matched', async () => {
      const mem = watchMemory();
      const { outcome, ms } = await articleOutcome('huge-attributes');
      expect(mem.stop()).toBeLessThan(MEMORY_BOUND_MB);
      expect(ms).toBeLessThan(5_000);
      expect(outcome).toBe('matched: 1 alerts queued');
      await waitFor(() => alertsFor('huge-attributes').length > 0);
      const snippets = alertsFor('huge-attributes')[0]!.body.data.matches.flatMap((m: { snippets: string[] }) => m.snippets);
      expect(snippets.join(' ')).not.toMatch(/AAAA|x:y;/);
      await expectCarriesOn();
    }, 30_000);

    it('a <script> pretending to be the article: the name inside the script alone sends NO alert', async () => {
      const { outcome } = await articleOutcome('script-article');
      expect(outcome).toBe('no match');
      await waitForIdle(worker.queues);
      expect(alertsFor('script-article')).toHaveLength(0);
      await expectCarriesOn();
    });

    it('text in a wrong declared charset: decoded with replacement characters, ASCII names still matched', async () => {
      const { outcome } = await articleOutcome('wrong-charset');
      expect(outcome).toBe('matched: 1 alerts queued');
      await waitFor(() => alertsFor('wrong-charset').length > 0);
      const snippet = alertsFor('wrong-charset')[0]!.body.data.matches.find((m: { entityId: string }) => m.entityId === 'steve-witkoff').snippets[0];
      expect(snippet).toContain('Steve Witkoff met Khalil al-Hayya');
      expect(snippet).toContain('caf\ufffd');
      await expectCarriesOn();
    });

    it('snippets are plain text: escaped markup in the story never reaches the webhook as tags', async () => {
      const { outcome } = await articleOutcome('snippet-markup');
      expect(outcome).toBe('matched: 1 alerts queued');
      await waitFor(() => alertsFor('snippet-markup').length > 0);
      const alert = alertsFor('snippet-markup')[0]!.body;
      const snippets: string[] = alert.data.matches.flatMap((m: { snippets: string[] }) => m.snippets);
      expect(snippets.length).toBeGreaterThan(0);
      for (const s of snippets) {
        expect(s).not.toMatch(/<\/?[a-z!]/i);
        expect(s).not.toMatch(/[\u0000-\u001f]/);
      }
      expect(snippets.join(' ')).toContain('Steve Witkoff posted');
      await expectCarriesOn();
    });
  });
});
