import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { parseDocument } from 'yaml';
import type { AlertPayload } from '../../src/alert/types.js';
import { createLogger, type Logger } from '../runtime/log.js';
import { startWorker } from '../runtime/start.js';
import { packageRoot } from './common.js';

/** Where the seed story lives, in the repository (examples/seed/README.md says where it comes from). */
const SEED_DIR = () => join(packageRoot(), 'examples', 'seed');
const ARTICLE_PATH = '/world/2026/11/witkoff-al-hayya-meeting';
const FEED_PATH = '/world/rss.xml';

export interface DemoResult {
  alert: AlertPayload;
  /** The alert's `webhook-id`, checked with its signature. */
  webhookId: string;
  /** From the worker's start to the verified alert. */
  elapsedMs: number;
}

/**
 * The demo itself (demo.ts prints it; tests call it). Everything
 * it starts, it stops, and the temporary folder goes, also on failure.
 */
export async function runDemo(opts: { timeoutMs?: number; say?: (line: string) => void; log?: Logger } = {}): Promise<DemoResult> {
  const say = opts.say ?? (() => undefined);
  const seed = SEED_DIR();
  const [page, feedTemplate, watchlistYaml] = await Promise.all([
    readFile(join(seed, 'witkoff-al-hayya.html')),
    readFile(join(seed, 'feed.xml'), 'utf8'),
    readFile(join(seed, 'watchlist.yaml'), 'utf8'),
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'newswatch-demo-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
  try {
    // The news site: the feed's item points at the local page and is dated now, so backfill keeps it.
    const site = await listen((req, res) => {
      if (req.url === FEED_PATH) {
        res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(localFeed(feedTemplate, siteUrl));
      } else if (req.url === ARTICLE_PATH) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      } else {
        res.writeHead(404).end();
      }
    });
    cleanups.push(() => close(site));
    const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

    // The receiver: accepts only alerts whose Standard Webhooks signature checks out.
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    let received: (r: { alert: AlertPayload; webhookId: string }) => void = () => undefined;
    const alert = new Promise<{ alert: AlertPayload; webhookId: string }>((r) => (received = r));
    const receiver = await listen(async (req, res) => {
      const body = await readBody(req);
      try {
        const verified = new Webhook(secret).verify(body, req.headers as Record<string, string>) as AlertPayload;
        res.writeHead(204).end();
        received({ alert: verified, webhookId: String(req.headers['webhook-id']) });
      } catch {
        res.writeHead(401).end();
      }
    });
    cleanups.push(() => close(receiver));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`;

    const configPath = join(dir, 'newswatch.yaml');
    await writeFile(configPath, demoConfig(watchlistYaml, `${siteUrl}${FEED_PATH}`, receiverUrl, secret));
    say(`serving the seed story and its feed at ${siteUrl}${FEED_PATH}, a receiver at ${receiverUrl}`);
    say(`starting the worker on an embedded redis-server (data in ${dir})`);
    const started = Date.now();
    const worker = await startWorker({ configPath, dataDir: join(dir, 'redis'), port: 0, host: '127.0.0.1', log: opts.log ?? createLogger('warn') });
    cleanups.push(() => worker.stop());
    await worker.pollNow();
    say('polling the feed: fetch the article, extract, match, sign and deliver…');

    const timeoutMs = opts.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`demo: no alert within ${timeoutMs / 1000} s (run with --verbose to see the worker's log)`)), timeoutMs);
    });
    try {
      const got = await Promise.race([alert, timedOut]);
      return { ...got, elapsedMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

/** The seed feed, served from `siteUrl`, its item dated now. */
function localFeed(template: string, siteUrl: string): string {
  return template
    .replaceAll('https://news.example.com', siteUrl)
    .replace(/<pubDate>[^<]*<\/pubDate>/, `<pubDate>${new Date().toUTCString()}</pubDate>`);
}

/** The seed watchlist, with the demo's feed and webhook added. */
function demoConfig(watchlistYaml: string, feedUrl: string, webhookUrl: string, secret: string): string {
  const doc = parseDocument(watchlistYaml);
  doc.set('fetch', { allowPrivateNetworks: true }); // everything is on 127.0.0.1
  doc.set('feeds', [{ url: feedUrl, name: 'Seed story (local)' }]);
  doc.setIn(['watchlists', 0, 'notify'], ['demo']);
  doc.set('webhooks', [{ id: 'demo', url: webhookUrl, secret, retry: { attempts: 3, initialDelay: '1s', maxDelay: '2s' } }]);
  return doc.toString();
}

function listen(handler: (req: IncomingMessage, res: import('node:http').ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
