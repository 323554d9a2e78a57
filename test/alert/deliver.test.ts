import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { deliverAlert } from '../../src/alert/deliver.js';
import { closeHttpAgents } from '../../src/http/client.js';
import type { AlertPayload, DeliveryOutcome } from '../../src/alert/types.js';
import type { WebhookConfig } from '../../src/config/types.js';
import { startTestServer, type Handler, type TestServer } from '../helpers/http.js';

const SECRET = `whsec_${Buffer.from('deliver-test-secret-key-32-bytes').toString('base64')}`;
/** Webhook URLs often embed a token: it must never reach a reason string. */
const URL_TOKEN = 'T0KEN-s3cr3t-in-path';

const payload: AlertPayload = {
  type: 'article.matched',
  timestamp: '2026-11-26T06:00:00.000Z',
  data: {
    watchlist: { id: 'mideast' },
    article: { url: 'https://example.com/a', title: 'Witkoff & al-Hayya', feed: { url: 'https://example.com/rss' } },
    matches: [{ entityId: 'steve-witkoff', name: 'Steve Witkoff', count: 2, inTitle: true, snippets: ['Witkoff met.'] }],
  },
};

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  verified: unknown;
}

const received: Received[] = [];
const servers: TestServer[] = [];
const pending: ServerResponse[] = [];
let base = '';

/** One server; the path picks the behaviour, as a receiver at that URL would. */
const routes: Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void> = {
  ok(req, res, body) {
    let verified: unknown;
    try {
      verified = new Webhook(SECRET).verify(body, req.headers as Record<string, string>);
    } catch {
      res.writeHead(401).end();
      return;
    }
    received.push({ headers: req.headers, body, verified });
    res.writeHead(204).end();
  },
  slack(req, res, body) {
    received.push({ headers: req.headers, body, verified: undefined });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  },
  s500: (_q, res) => res.writeHead(500).end('boom'),
  s503: (_q, res) => res.writeHead(503).end(),
  s408: (_q, res) => res.writeHead(408).end(),
  s429: (_q, res) => res.writeHead(429, { 'retry-after': '2' }).end(),
  s429date: (_q, res) => res.writeHead(429, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() }).end(),
  s503date: (_q, res) => res.writeHead(503, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }).end(),
  s400: (_q, res) => res.writeHead(400).end('bad'),
  s401: (_q, res) => res.writeHead(401).end(),
  s410: (_q, res) => res.writeHead(410).end(),
  s301: (_q, res) => res.writeHead(301, { location: `${base}/ok/${URL_TOKEN}` }).end(),
  hang: (_q, res) => void pending.push(res),
  big: (_q, res) => res.writeHead(200).end('x'.repeat(200 * 1024)),
};

const handler: Handler = (req, res, body) => {
  const route = routes[(req.url ?? '').split('/')[1] ?? ''];
  if (!route) return void res.writeHead(404).end();
  route(req, res, body.toString('utf8'));
};

async function listen(h: Handler): Promise<TestServer> {
  const server = await startTestServer(h);
  servers.push(server);
  return server;
}

function webhook(path: string, overrides: Partial<WebhookConfig> = {}): WebhookConfig {
  return {
    id: 'ops',
    url: `${base}/${path}/${URL_TOKEN}?token=${URL_TOKEN}`,
    secret: SECRET,
    format: 'standard',
    timeoutMs: 5_000,
    retry: { attempts: 20, initialDelayMs: 10_000, maxDelayMs: 7_200_000 },
    ...overrides,
  };
}

function deliver(hook: WebhookConfig): Promise<DeliveryOutcome> {
  return deliverAlert(hook, 'msg_test123', payload, { allowPrivateNetworks: true });
}

function expectCleanReason(outcome: DeliveryOutcome): void {
  if (outcome.kind === 'delivered') return;
  expect(outcome.reason).toMatch(/^webhook: /);
  expect(outcome.reason).not.toContain(URL_TOKEN);
  expect(outcome.reason).not.toContain(SECRET.slice(6));
  expect(outcome.reason).not.toContain('127.0.0.1');
}

beforeAll(async () => {
  base = (await listen(handler)).url;
});

afterAll(async () => {
  for (const res of pending) res.destroy();
  await closeHttpAgents();
  await Promise.all(servers.map((s) => s.close()));
});

describe('deliverAlert (standard)', () => {
  it('delivers on 204, with a body the receiver verifies with standardwebhooks', async () => {
    received.length = 0;
    const outcome = await deliver(webhook('ok'));
    expect(outcome).toEqual({ kind: 'delivered', status: 204 });
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got!.headers['webhook-id']).toBe('msg_test123');
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.verified).toEqual(payload);
  });

  it('re-signs a retry under the same webhook-id', async () => {
    received.length = 0;
    await deliver(webhook('ok'));
    await deliver(webhook('ok'));
    expect(received.map((r) => r.headers['webhook-id'])).toEqual(['msg_test123', 'msg_test123']);
  });

  it.each(['s500', 's503', 's408'])('retries on %s', async (path) => {
    const outcome = await deliver(webhook(path));
    expect(outcome).toMatchObject({ kind: 'retry', status: Number(path.slice(1)) });
    expect(outcome).not.toHaveProperty('retryAfterMs');
    expectCleanReason(outcome);
  });

  it('retries a 429 with Retry-After in seconds', async () => {
    const outcome = await deliver(webhook('s429'));
    expect(outcome).toMatchObject({ kind: 'retry', status: 429, retryAfterMs: 2000 });
  });

  it('reads an HTTP-date Retry-After', async () => {
    const outcome = await deliver(webhook('s429date'));
    expect(outcome.kind).toBe('retry');
    const after = (outcome as { retryAfterMs?: number }).retryAfterMs;
    // The header has one-second resolution and the request takes a moment.
    expect(after).toBeGreaterThan(115_000);
    expect(after).toBeLessThanOrEqual(120_000);
    // A date in the past means "now".
    expect(await deliver(webhook('s503date'))).toMatchObject({ kind: 'retry', status: 503, retryAfterMs: 0 });
  });

  it.each(['s400', 's401', 's410'])('dead-letters %s', async (path) => {
    const outcome = await deliver(webhook(path));
    expect(outcome).toMatchObject({ kind: 'dead', status: Number(path.slice(1)) });
    expectCleanReason(outcome);
  });

  it('dead-letters a 301 without following it', async () => {
    received.length = 0;
    const outcome = await deliver(webhook('s301'));
    expect(outcome).toMatchObject({ kind: 'dead', status: 301 });
    expect(received).toHaveLength(0);
    expectCleanReason(outcome);
  });

  it('retries a refused connection', async () => {
    const closed = await listen(() => undefined);
    await closed.close();
    const outcome = await deliver({ ...webhook('ok'), url: `${closed.url}/${URL_TOKEN}` });
    expect(outcome.kind).toBe('retry');
    expectCleanReason(outcome);
  });

  it('retries when the receiver never answers within timeoutMs', async () => {
    const started = Date.now();
    const outcome = await deliver(webhook('hang', { timeoutMs: 500 }));
    expect(outcome.kind).toBe('retry');
    expect(Date.now() - started).toBeLessThan(3_000);
    expectCleanReason(outcome);
  });

  it('dead-letters a private address when private networks are not allowed', async () => {
    const outcome = await deliverAlert(webhook('ok'), 'msg_x', payload, { allowPrivateNetworks: false });
    expect(outcome.kind).toBe('dead');
    expectCleanReason(outcome);
  });

  it('dead-letters a malformed URL or secret without quoting them', async () => {
    const badUrl = await deliver({ ...webhook('ok'), url: `ftp://example.com/${URL_TOKEN}` });
    expect(badUrl.kind).toBe('dead');
    expectCleanReason(badUrl);
    const badSecret = await deliver({ ...webhook('ok'), secret: `whsec_!!${URL_TOKEN}` });
    expect(badSecret.kind).toBe('dead');
    expectCleanReason(badSecret);
    const noSecret = await deliver({ ...webhook('ok'), secret: undefined });
    expect(noSecret).toMatchObject({ kind: 'dead', reason: expect.stringMatching(/^webhook: .*secret/) });
  });

  it('caps the response body it reads (64 KB): an oversized answer is retried, not buffered', async () => {
    const outcome = await deliver(webhook('big'));
    expect(outcome.kind).toBe('retry');
    expectCleanReason(outcome);
  });
});

describe('deliverAlert (slack)', () => {
  it('posts the Slack message as JSON with text, unsigned', async () => {
    received.length = 0;
    const outcome = await deliver(webhook('slack', { format: 'slack', secret: undefined }));
    expect(outcome).toEqual({ kind: 'delivered', status: 200 });
    const [got] = received;
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['webhook-signature']).toBeUndefined();
    const body = JSON.parse(got!.body) as { text: string };
    expect(body.text).toContain('<https://example.com/a|Witkoff &amp; al-Hayya>');
    expect(body.text).toContain('Steve Witkoff');
  });
});
