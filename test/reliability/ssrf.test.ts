/**
 * SSRF through the running worker, with `allowPrivateNetworks: false`.
 *
 * Every test server lives on loopback, which the guard refuses, so the worker's
 * HTTP client is rebuilt with createHttpClient's two test seams: a DNS table
 * (no real DNS) and the real address policy with exactly one address let
 * through, 127.0.0.2, which plays "the public internet" (the same device as
 * test/http/guard.test.ts). The victim that must never be reached listens on
 * 127.0.0.1 and [::1]; every request it sees is a failure. The literal-IP
 * cases never reach DNS, so they run against the real policy unchanged.
 *
 * The last test is the control: the same feeds with allowPrivateNetworks true
 * do reach the victim, so the zero counts above are not a broken harness.
 */
import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningWorker } from '../../workers/runtime/start.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { pollAndWait, rssFeed, shortPage, writeConfig } from './support.js';
import { memoryLogger, startLoggedWorker } from '../helpers/worker.js';
import { startScriptedSite, startTestServer, type ScriptedSite, type TestServer } from '../helpers/http.js';
import { startReceiver } from '../helpers/receiver.js';

const PUBLIC_IP = '127.0.0.2';

const seam = vi.hoisted(() => ({
  dns: {} as Record<string, Array<{ address: string; family: number }>>,
  lookups: [] as string[],
  client: undefined as undefined | { request: (url: string, opts: any) => Promise<any>; close(): Promise<void> },
}));

vi.mock('../../src/http/client.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/http/client.js')>();
  const { isBlockedAddress } = await import('../../src/http/ssrf.js');
  seam.client = real.createHttpClient({
    isBlocked: (ip) => ip !== '127.0.0.2' && isBlockedAddress(ip),
    resolve: async (host) => {
      seam.lookups.push(host);
      return (seam.dns[host] ?? []) as LookupAddress[];
    },
  });
  return { ...real, httpRequest: (url: string, opts: any) => seam.client!.request(url, opts) };
});

describe('SSRF guard through the worker (allowPrivateNetworks: false)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let victim: ScriptedSite;
  let victim6: TestServer;
  const victim6Hits: string[] = [];
  let publicSite: ScriptedSite;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: RunningWorker | undefined;
  const logger = memoryLogger();
  let feeds: Record<string, string>;
  let publicFeed: string;
  const publicItems = [{ slug: 'public-story', title: 'Envoy travels' }];

  const victimHits = () => victim.requests.length + victim6Hits.length;

  beforeAll(async () => {
    redis = await startTestRedis();
    victim = await startScriptedSite('127.0.0.1');
    victim6 = await startTestServer((req, res) => {
      victim6Hits.push(req.url ?? '');
      res.end('internal secrets');
    }, '::1');
    const v = victim.port;
    const v6 = victim6.port;
    publicSite = await startScriptedSite(PUBLIC_IP);
    receiver = await startReceiver({ host: PUBLIC_IP });
    const pub = `http://news.example.test:${publicSite.port}`;
    seam.dns['news.example.test'] = [{ address: PUBLIC_IP, family: 4 }];
    seam.dns['rebind.example.test'] = [{ address: '127.0.0.1', family: 4 }];
    seam.dns['metadata.example.test'] = [{ address: '169.254.169.254', family: 4 }];

    const redirect = (to: string) => `${pub}/redirect?to=${encodeURIComponent(to)}`;
    publicSite.route('/redirect', (req, res) => {
      const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to')!;
      res.writeHead(302, { location: to }).end();
    });
    feeds = {
      'loopback literal http://127.0.0.1': `http://127.0.0.1:${v}/literal.xml`,
      'cloud metadata http://169.254.169.254/': 'http://169.254.169.254/latest/meta-data/',
      'IPv6 loopback http://[::1]': `http://[::1]:${v6}/ipv6.xml`,
      'hex literal http://0x7f000001': `http://0x7f000001:${v}/hex.xml`,
      'a host whose DNS answer is 127.0.0.1': `http://rebind.example.test:${v}/dns.xml`,
      'a host whose DNS answer is 169.254.169.254': 'http://metadata.example.test/latest/meta-data/',
      'a redirect from a public host to 127.0.0.1': redirect(`http://127.0.0.1:${v}/redirected.xml`),
      'a redirect from a public host to [::1]': redirect(`http://[::1]:${v6}/redirected.xml`),
      'a redirect from a public host to 0x7f000001': redirect(`http://0x7f000001:${v}/redirected-hex.xml`),
      'a redirect from a public host to 169.254.169.254': redirect('http://169.254.169.254/latest/meta-data/'),
    };
    // An article page on the public host that redirects to the victim.
    publicSite.route('/article-redirect.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(pub, [{ slug: 'to-victim', title: 'Steve Witkoff on the move' }]));
    });
    publicSite.route('/news/to-victim', (_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${v}/article.html` }).end());
    // The normal public feed: proves the harness lets public hosts through, and that the worker carries on.
    publicFeed = `${pub}/public.xml`;
    publicSite.route('/public.xml', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(pub, publicItems));
    });
    for (const slug of ['public-story', 'public-story-2']) {
      publicSite.route(`/news/${slug}`, (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end(shortPage('Envoy travels', `Steve Witkoff met Khalil al-Hayya in Doha (${slug}).`));
      });
    }

    const configPath = await writeConfig({
      feeds: [...Object.values(feeds), `${pub}/article-redirect.xml`, publicFeed].map((url) => ({ url, interval: '24h' })),
      webhookUrl: `http://${PUBLIC_IP}:${receiver.port}/hook`,
      fetch: { timeout: '2s', allowPrivateNetworks: false },
    });
    worker = (await startLoggedWorker(configPath, redis.url, { logger })).worker;
  }, 30_000);

  afterAll(async () => {
    await worker?.stop();
    await seam.client?.close();
    await victim?.close();
    await victim6?.close();
    await publicSite?.close();
    await receiver?.close();
    await redis?.stop();
  });

  it('the harness works: a feed on the "public" host goes poll → article → signed alert', async () => {
    const poll = await pollAndWait(worker!, publicFeed);
    expect(poll.returnvalue).toBe('changed: 1 new, 1 queued');
    await waitFor(() => receiver.delivered().length > 0, 10_000);
    expect(receiver.delivered()[0]!.body.data.article.url).toContain('/news/public-story');
  });

  it.each([
    'loopback literal http://127.0.0.1',
    'cloud metadata http://169.254.169.254/',
    'IPv6 loopback http://[::1]',
    'hex literal http://0x7f000001',
    'a host whose DNS answer is 127.0.0.1',
    'a host whose DNS answer is 169.254.169.254',
    'a redirect from a public host to 127.0.0.1',
    'a redirect from a public host to [::1]',
    'a redirect from a public host to 0x7f000001',
    'a redirect from a public host to 169.254.169.254',
  ])('refuses %s: blocked-address logged, no request reaches the victim', async (name) => {
    const url = feeds[name]!;
    const poll = await pollAndWait(worker!, url);
    expect(poll.returnvalue).toMatch(/^error: fetch: refusing to connect to a non-public address \(/);
    // Refused locally: no connect attempt, so no waiting on one (the fetch timeout is 2 s).
    expect(poll.ms).toBeLessThan(1_000);
    const line = await waitFor(() => logger.lines.find((l) => l.feedId === feedIdFromUrl(url) && l.msg === 'feed poll failed'), 2_000);
    expect(line.level).toBe(40);
    expect(String(line.err)).toMatch(/^fetch: refusing to connect to a non-public address/);
    expect(victimHits()).toBe(0);
  });

  it('refuses an article page that redirects to 127.0.0.1: the job fails for good, no request reaches the victim', async () => {
    const pub = `http://news.example.test:${publicSite.port}`;
    await pollAndWait(worker!, `${pub}/article-redirect.xml`);
    const failed = await waitFor(async () => (await worker!.queues.article.getFailed()).find((j) => j.data.url.includes('/news/to-victim')), 10_000);
    expect(failed.failedReason).toMatch(/^fetch: refusing to connect to a non-public address \(127\.0\.0\.1\)$/);
    expect(failed.attemptsMade).toBe(1); // permanent: not retried
    const line = logger.lines.find((l) => l.msg === 'job failed for good' && l.jobId === failed.id);
    expect(line?.err).toBe(failed.failedReason);
    expect(publicSite.hits('/news/to-victim')).toBe(1);
    expect(victimHits()).toBe(0);
  });

  it('carries on after the refusals: a new public story is still delivered', async () => {
    publicItems.unshift({ slug: 'public-story-2', title: 'Envoy travels again' });
    await pollAndWait(worker!, publicFeed);
    await waitFor(() => receiver.delivered().some((a) => String(a.body.data.article.url).includes('/news/public-story-2')), 10_000);
    expect(victimHits()).toBe(0);
  });

  it('control: with allowPrivateNetworks true the same feeds DO reach the victim (the test can fail)', async () => {
    await worker!.stop();
    worker = undefined;
    // Not 169.254.169.254: with the guard off that would be real traffic off loopback.
    const urls = [
      feeds['loopback literal http://127.0.0.1']!,
      feeds['IPv6 loopback http://[::1]']!,
      feeds['hex literal http://0x7f000001']!,
      feeds['a host whose DNS answer is 127.0.0.1']!,
      feeds['a redirect from a public host to 127.0.0.1']!,
    ];
    const configPath = await writeConfig({
      feeds: urls.map((url) => ({ url, interval: '24h' })),
      webhookUrl: `http://${PUBLIC_IP}:${receiver.port}/hook`,
      fetch: { timeout: '2s', allowPrivateNetworks: true },
    });
    worker = (await startLoggedWorker(configPath, redis.url, { logger })).worker;
    for (const url of urls) await pollAndWait(worker, url);
    expect(victim.requests.map((r) => r.path).sort()).toEqual(['/dns.xml', '/hex.xml', '/literal.xml', '/redirected.xml']);
    expect(victim6Hits).toEqual(['/ipv6.xml']);
  });
});
