import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import type { HttpRequestOptions } from '../../src/http/types.js';
import { startTestServer, type TestServer } from '../helpers/http.js';

const client = createHttpClient();
const base: HttpRequestOptions = { timeoutMs: 3000, maxBytes: 1000, allowPrivateNetworks: true };
let server: TestServer;
/** Responses left open on purpose; ended in afterAll so the server can close. */
const pending = new Set<ServerResponse>();
const timers = new Set<NodeJS.Timeout>();

function trickle(res: ServerResponse, everyMs: number): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else res.write('x');
  }, everyMs);
  timers.add(timer);
}

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    pending.add(res);
    const slowHop = /^\/slow-redirect\/(\d+)$/.exec(req.url ?? '');
    if (slowHop) {
      // Each hop alone is well inside the deadline; the chain is not.
      const n = Number(slowHop[1]);
      setTimeout(() => res.writeHead(302, { location: n > 0 ? `/slow-redirect/${n - 1}` : '/' }).end(), 150).unref();
      return;
    }
    switch (req.url) {
      case '/silent':
        return; // accepts the connection, never answers
      case '/slow-headers':
        setTimeout(() => res.end('late'), 10_000).unref();
        return;
      case '/trickle':
        trickle(res, 1000); // one byte a second, forever
        return;
      case '/trickle-fast':
        trickle(res, 50);
        return;
      case '/declared-large':
        res.writeHead(200, { 'content-length': '5000' }).write('x'.repeat(100));
        return;
      case '/not-modified-large':
        res.writeHead(304, { 'content-length': '5000', etag: '"v2"' }).end();
        return;
      case '/exactly-cap':
        res.end('y'.repeat(1000));
        return;
      case '/chunked-large':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('a'.repeat(600));
        res.end('b'.repeat(600));
        return;
      default:
        res.end('ok');
    }
  });
});

afterAll(async () => {
  for (const t of timers) clearInterval(t);
  for (const res of pending) res.destroy();
  await client.close();
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<{ err: HttpError; ms: number }> {
  const started = performance.now();
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  return { err: err as HttpError, ms: performance.now() - started };
}

describe('deadline', () => {
  it('cuts off a server that never answers', async () => {
    const { err, ms } = await failure(client.request(`${server.url}/silent`, { ...base, timeoutMs: 400 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('fetch: timed out after 400 ms');
    expect(err.url).toBe(`${server.url}/silent`);
    expect(ms).toBeGreaterThanOrEqual(350);
    expect(ms).toBeLessThan(2000);
  });

  it('cuts off a server that is slow to send headers', async () => {
    const { err, ms } = await failure(client.request(`${server.url}/slow-headers`, { ...base, timeoutMs: 300 }));
    expect(err.kind).toBe('timeout');
    expect(ms).toBeLessThan(2000);
  });

  // Each byte resets undici's idle timers, so only the whole-request deadline stops this.
  it('cuts off a server sending one byte a second at the deadline', async () => {
    const { err, ms } = await failure(
      client.request(`${server.url}/trickle`, { ...base, timeoutMs: 1500, maxBytes: 1_000_000 }),
    );
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('fetch: timed out after 1500 ms');
    expect(ms).toBeGreaterThanOrEqual(1400);
    expect(ms).toBeLessThan(3000);
  });

  it('counts every redirect hop against one deadline', async () => {
    const { err, ms } = await failure(client.request(`${server.url}/slow-redirect/4`, { ...base, timeoutMs: 400 }));
    expect(err.kind).toBe('timeout');
    expect(err.url).toBe(`${server.url}/slow-redirect/2`);
    expect(ms).toBeLessThan(700);
  });
});

describe('caller abort', () => {
  it('rejects with the caller’s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 100);
    const started = performance.now();
    await expect(
      client.request(`${server.url}/silent`, { ...base, timeoutMs: 5000, signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('does not start when already aborted', async () => {
    const before = server.hits.length;
    await expect(
      client.request(`${server.url}/`, { ...base, signal: AbortSignal.abort(new Error('already')) }),
    ).rejects.toThrow('already');
    expect(server.hits.length).toBe(before);
  });
});

describe('size cap', () => {
  it('rejects early when Content-Length exceeds the cap', async () => {
    const { err, ms } = await failure(client.request(`${server.url}/declared-large`, base));
    expect(err.kind).toBe('too-large');
    expect(err.message).toBe('fetch: content-length 5000 exceeds 1000 bytes');
    expect(ms).toBeLessThan(1000);
  });

  it('stops a chunked body once it passes the cap', async () => {
    const { err } = await failure(client.request(`${server.url}/chunked-large`, base));
    expect(err.kind).toBe('too-large');
    expect(err.message).toBe('fetch: body exceeds 1000 bytes');
  });

  it('ignores the declared length of a 304, which has no body', async () => {
    const res = await client.request(`${server.url}/not-modified-large`, base);
    expect(res.status).toBe(304);
    expect(res.headers.etag).toBe('"v2"');
  });

  it('accepts a body of exactly the cap', async () => {
    const res = await client.request(`${server.url}/exactly-cap`, base);
    expect(res.body.length).toBe(1000);
  });

  it('stops an endless body at the cap, well before the deadline', async () => {
    const { err, ms } = await failure(
      client.request(`${server.url}/trickle-fast`, { ...base, maxBytes: 5, timeoutMs: 3000 }),
    );
    expect(err.kind).toBe('too-large');
    expect(ms).toBeLessThan(1500);
  });
});
