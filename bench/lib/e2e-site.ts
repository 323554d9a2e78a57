/**
 * The end-to-end bench's load generator, run as a child process (IPC) so its
 * CPU is accounted apart from the worker's: RSS feeds and article pages on
 * many loopback addresses (127.0.0.2 upward, one server each: the worker's
 * per-host politeness limit is per address and port), and a webhook receiver
 * on 127.0.0.1 that checks every Standard Webhooks signature.
 *
 * Feeds answer 304 to a matching If-None-Match without building a body. The
 * server records when it first serves each item in a 200 (the worker's first
 * sighting) and when its alert arrives.
 *
 * Messages in: {type:'phase', spec}, {type:'stats', id}, {type:'exit'}.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { TEST_SECRET } from '../../test/helpers/receiver.js';
import { isSeedSeq, itemTitle, loadPageSource, pageHtml } from './e2e-content.js';
import { prng } from './prng.js';
import { HostWatcher, type SiteHostReport } from './e2e-host-watch.js';

export interface PhaseSpec {
  feeds: number;
  hosts: number;
  /** First sequence number of this phase's items (phases use disjoint ranges). */
  seqBase: number;
  /** Items a feed shows at most (newest first), old ones included. */
  feedSize: number;
  /** Publishing starts at this time (ms since epoch) and stops at `until`. */
  from: number;
  until: number;
  /**
   * trickle: `rate` items per second in all, each on a random feed; steady: `rate` items per second on every feed;
   * burst: nothing on a schedule, items appear when the driver sends {type:'publish'}.
   */
  mode: 'trickle' | 'steady' | 'burst';
  rate: number;
  seed: number;
  /** Step between sequence numbers: 1 gives one seed variant in ten, 5 one in two. */
  seqStep: number;
}

export interface SiteStats {
  feed200: number;
  feed304: number;
  pages: number;
  pageBytes: number;
  alerts: number;
  badSignatures: number;
  duplicates: number;
  published: number;
  /** Per alert received: [receivedAt, firstServedAt, appearedAt] (ms). */
  delays: Array<[number, number, number]>;
}

export const MAX_HOSTS = 240;
const OLD_ITEMS = 10;

interface Item {
  seq: number;
  at: number;
  served?: number;
  alerted?: number;
  /** When its page was first requested, and when that answer was finished (ms). */
  fetchStart?: number;
  fetchEnd?: number;
}

const src = loadPageSource();
const corpusBuffers = new Map<number, Buffer>();
let spec: PhaseSpec | undefined;
let feedItems: Item[][] = [];
let bySeq = new Map<number, Item>();
const stats: SiteStats = { feed200: 0, feed304: 0, pages: 0, pageBytes: 0, alerts: 0, badSignatures: 0, duplicates: 0, published: 0, delays: [] };
const hostBases: string[] = [];
const hostWatch = new HostWatcher();
// This process's own event-loop delay: arrival times are taken on its loop, so a late tick shortens a gap it reports.
const loopLag = monitorEventLoopDelay({ resolution: 5 });
loopLag.enable();
let nextBurstSeq = 0;

function setPhase(s: PhaseSpec): void {
  spec = s;
  feedItems = Array.from({ length: s.feeds }, () => []);
  bySeq = new Map();
  const rand = prng(s.seed);
  let seq = s.seqBase;
  const add = (feed: number, at: number) => {
    const item: Item = { seq, at };
    seq += s.seqStep;
    feedItems[feed]!.push(item);
    bySeq.set(item.seq, item);
  };
  const span = (s.until - s.from) / 1000;
  nextBurstSeq = seq;
  if (s.mode === 'burst') {
    // items come from publish()
  } else if (s.mode === 'trickle') {
    const n = Math.floor(span * s.rate);
    for (let j = 0; j < n; j++) add(Math.floor(rand() * s.feeds), s.from + (j / s.rate) * 1000);
  } else {
    const gap = 1000 / s.rate; // per feed
    for (let f = 0; f < s.feeds; f++) {
      for (let at = s.from + rand() * gap; at < s.until; at += gap) add(f, at);
    }
  }
  for (const list of feedItems) list.sort((a, b) => a.at - b.at);
  for (const k of Object.keys(stats) as Array<keyof SiteStats>) (stats as unknown as Record<string, unknown>)[k] = k === 'delays' ? [] : 0;
  hostWatch.reset();
  loopLag.reset();
}

/** Burst mode: `count` new items on `feed`, published now (newest last); returns their sequence numbers. */
function publish(feed: number, count: number): number[] {
  const list = feedItems[feed];
  if (!spec || !list) return [];
  const now = Date.now();
  const seqs: number[] = [];
  for (let j = 0; j < count; j++) {
    const item: Item = { seq: nextBurstSeq, at: now };
    nextBurstSeq += spec.seqStep;
    list.push(item);
    bySeq.set(item.seq, item);
    seqs.push(item.seq);
  }
  return seqs;
}

/** How many of a feed's items are published by `now` (a prefix of its sorted list). */
function publishedCount(list: Item[], now: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.at <= now) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const OLD_DATE = (k: number) => new Date(Date.UTC(2020, 0, 1) + k * 3600_000).toUTCString();

function feedXml(base: string, feed: number, fresh: Item[]): string {
  let items = '';
  for (const it of fresh) {
    items += `<item><title>${itemTitle(it.seq)}</title><link>${base}/p/${it.seq}</link><guid isPermaLink="false">s${it.seq}</guid><pubDate>${new Date(it.at).toUTCString()}</pubDate><description>Item ${it.seq} of feed ${feed}.</description></item>\n`;
  }
  for (let k = 0; k < OLD_ITEMS && fresh.length + k < (spec?.feedSize ?? 20); k++) {
    items += `<item><title>Archive ${feed}-${k}</title><link>${base}/old/${feed}-${k}</link><guid isPermaLink="false">o${feed}-${k}</guid><pubDate>${OLD_DATE(OLD_ITEMS - k)}</pubDate><description>Old item.</description></item>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Bench feed ${feed}</title><link>${base}/</link><description>newswatch e2e bench</description>
${items}</channel></rss>`;
}

function serveFeed(req: IncomingMessage, res: ServerResponse, feed: number, base: string): void {
  const list = feedItems[feed];
  if (!list) {
    res.writeHead(404).end();
    return;
  }
  const now = Date.now();
  const n = publishedCount(list, now);
  const etag = `"${spec?.seqBase}-${feed}-${n}"`;
  if (req.headers['if-none-match'] === etag) {
    stats.feed304 += 1;
    res.writeHead(304, { etag }).end();
    return;
  }
  const fresh = list.slice(Math.max(0, n - (spec?.feedSize ?? 20)), n).reverse();
  for (const it of fresh) it.served ??= now;
  stats.feed200 += 1;
  const body = Buffer.from(feedXml(base, feed, fresh));
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'content-length': body.length }).end(body);
}

function servePage(res: ServerResponse, seq: number): void {
  const item = bySeq.get(seq);
  if (item && item.fetchStart === undefined) {
    item.fetchStart = Date.now();
    res.once('finish', () => (item.fetchEnd = Date.now()));
  }
  let body: Buffer | undefined;
  if (isSeedSeq(seq)) {
    body = Buffer.from(pageHtml(src, seq));
  } else {
    const index = Math.abs(seq) % src.corpus.length;
    body = corpusBuffers.get(index);
    if (!body) corpusBuffers.set(index, (body = Buffer.from(pageHtml(src, seq))));
  }
  stats.pages += 1;
  stats.pageBytes += body.length;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }).end(body);
}

function handleSite(req: IncomingMessage, res: ServerResponse, base: string, host: number): void {
  res.once('close', hostWatch.start(host));
  const path = (req.url ?? '/').split('?')[0]!;
  let m = /^\/f\/(\d+)\.xml$/.exec(path);
  if (m) return serveFeed(req, res, Number(m[1]), base);
  m = /^\/p\/(-?\d+)$/.exec(path);
  if (m) return servePage(res, Number(m[1]));
  if (path.startsWith('/old/')) return servePage(res, 1);
  res.writeHead(404).end();
}

const verifier = new Webhook(TEST_SECRET);
const seenAlertIds = new Set<string>();

function handleHook(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
  let payload: { data?: { article?: { url?: string } } };
  try {
    payload = verifier.verify(body.toString('utf8'), headers) as typeof payload;
  } catch {
    stats.badSignatures += 1;
    res.writeHead(401).end();
    return;
  }
  const now = Date.now();
  res.writeHead(204).end();
  const id = headers['webhook-id'] ?? '';
  if (seenAlertIds.has(id)) {
    stats.duplicates += 1;
    return;
  }
  seenAlertIds.add(id);
  stats.alerts += 1;
  const m = /\/p\/(-?\d+)$/.exec(payload.data?.article?.url ?? '');
  const item = m ? bySeq.get(Number(m[1])) : undefined;
  if (item && item.served !== undefined && item.alerted === undefined) {
    item.alerted = now;
    stats.delays.push([now, item.served, item.at]);
  }
}

async function listen(host: string, handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handler(req, res, Buffer.concat(chunks)));
    } else {
      req.resume();
      handler(req, res, Buffer.alloc(0));
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return server;
}

async function main(): Promise<void> {
  const hosts = Number(process.env.E2E_HOSTS ?? MAX_HOSTS);
  const servers: Server[] = [];
  for (let i = 0; i < hosts; i++) {
    const host = `127.0.0.${2 + i}`;
    const base = { value: '' };
    const server = await listen(host, (req, res) => handleSite(req, res, base.value, i));
    base.value = `http://${host}:${(server.address() as AddressInfo).port}`;
    hostBases.push(base.value);
    servers.push(server);
  }
  const hook = await listen('127.0.0.1', (req, res, body) => handleHook(req, res, body));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;

  process.on('message', (msg: { type: string; id?: number; spec?: PhaseSpec; since?: number; feed?: number; count?: number; seqs?: number[] }) => {
    if (msg.type === 'publish') {
      process.send!({ type: 'published', id: msg.id, seqs: publish(msg.feed!, msg.count!) });
    } else if (msg.type === 'items') {
      const items = msg.seqs!.map((seq) => {
        const it = bySeq.get(seq);
        return { seq, at: it?.at, served: it?.served, fetchStart: it?.fetchStart, fetchEnd: it?.fetchEnd };
      });
      process.send!({ type: 'items', id: msg.id, items });
    } else if (msg.type === 'hosts') {
      const report: SiteHostReport = { ...hostWatch.summary(), loopLagMaxMs: loopLag.max / 1e6 };
      process.send!({ type: 'hosts', id: msg.id, hosts: report });
    } else if (msg.type === 'phase') {
      setPhase(msg.spec!);
      process.send!({ type: 'phase-ready', id: msg.id });
    } else if (msg.type === 'stats') {
      let published = 0;
      const now = Date.now();
      for (const list of feedItems) published += publishedCount(list, now);
      stats.published = published;
      const delays = stats.delays.filter((d) => d[0] >= (msg.since ?? 0));
      process.send!({ type: 'stats', id: msg.id, stats: { ...stats, delays } });
    } else if (msg.type === 'exit') {
      for (const s of [...servers, hook]) s.closeAllConnections();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready', hostBases, hookUrl });
}

void main();
