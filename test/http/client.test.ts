import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_AGENT, closeHttpAgents, createHttpClient, httpRequest } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import type { HttpRequestOptions } from '../../src/http/types.js';
import { startTestServer, type TestServer } from '../helpers/http.js';

const client = createHttpClient();
const base: HttpRequestOptions = { timeoutMs: 3000, maxBytes: 1_000_000, allowPrivateNetworks: true };
let server: TestServer;
const received: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = await startTestServer((req, res, body) => {
    {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: body.toString() });
      const url = new URL(req.url ?? '/', 'http://x');
      const redirect = /^\/r\/(\d+)$/.exec(url.pathname);
      if (redirect) {
        const n = Number(redirect[1]);
        res.writeHead(302, { location: n > 1 ? `/r/${n - 1}` : '/done' }).end();
      } else if (url.pathname === '/slow') {
        setTimeout(() => res.end('slow'), 300);
      } else if (url.pathname === '/done') {
        res.end('arrived');
      } else if (url.pathname === '/loop') {
        res.writeHead(301, { location: '/loop' }).end();
      } else if (url.pathname === '/moved') {
        res.writeHead(Number(url.searchParams.get('status')), { location: url.searchParams.get('to') ?? '/echo' }).end();
      } else if (url.pathname === '/echo') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({ method: req.method, body: body.toString(), headers: req.headers }),
        );
      } else if (url.pathname === '/not-modified') {
        res.writeHead(304, { etag: '"v1"' }).end();
      } else if (url.pathname === '/cookies') {
        res.writeHead(200, { 'set-cookie': ['a=1', 'b=2'], 'X-Custom': 'yes' }).end('ok');
      } else if (url.pathname === '/missing') {
        res.writeHead(404).end('nope');
      } else {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('hello world');
      }
    }
  });
});

afterAll(async () => {
  await client.close();
  await closeHttpAgents();
  await server.close();
});

describe('httpRequest basics', () => {
  it('returns status, final url, lower-cased headers and the body', async () => {
    const res = await client.request(`${server.url}/plain`, base);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${server.url}/plain`);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body.toString()).toBe('hello world');
  });

  it('sends the user agent, accept and accept-encoding', async () => {
    const res = await client.request(`${server.url}/echo`, { ...base, accept: 'application/rss+xml' });
    const { headers } = JSON.parse(res.body.toString()) as { headers: Record<string, string> };
    expect(USER_AGENT).toMatch(/^newswatch\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/newswatch\/newswatch\)$/);
    expect(headers['user-agent']).toBe(USER_AGENT);
    expect(headers.accept).toBe('application/rss+xml');
    expect(headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('delivers a POST body and custom headers', async () => {
    const payload = JSON.stringify({ type: 'article.matched' });
    const res = await client.request(`${server.url}/echo`, {
      ...base,
      method: 'POST',
      body: payload,
      headers: { 'Content-Type': 'application/json', 'webhook-id': 'msg_1' },
    });
    const echo = JSON.parse(res.body.toString()) as { method: string; body: string; headers: Record<string, string> };
    expect(echo.method).toBe('POST');
    expect(echo.body).toBe(payload);
    expect(echo.headers['content-type']).toBe('application/json');
    expect(echo.headers['webhook-id']).toBe('msg_1');
    expect(echo.headers['content-length']).toBe(String(Buffer.byteLength(payload)));
  });

  it('returns 304 and 404 as responses, not errors', async () => {
    const notModified = await client.request(`${server.url}/not-modified`, {
      ...base,
      headers: { 'if-none-match': '"v1"' },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.etag).toBe('"v1"');
    expect(notModified.body.length).toBe(0);
    expect(received.at(-1)?.headers['if-none-match']).toBe('"v1"');

    const missing = await client.request(`${server.url}/missing`, base);
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toBe('nope');
  });

  it('joins repeated response headers', async () => {
    const res = await client.request(`${server.url}/cookies`, base);
    expect(res.headers['set-cookie']).toBe('a=1, b=2');
    expect(res.headers['x-custom']).toBe('yes');
  });

  it('returns no body for HEAD', async () => {
    const res = await client.request(`${server.url}/plain`, { ...base, method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
  });

  it('works through the shared agents too', async () => {
    const res = await httpRequest(`${server.url}/plain`, base);
    expect(res.body.toString()).toBe('hello world');
  });
});

describe('onLeaving', () => {
  it('is called once, synchronously before the request reaches the server, redirects included', async () => {
    const before = received.length;
    const seenAtLeaving: number[] = [];
    const res = await client.request(`${server.url}/r/2`, { ...base, onLeaving: () => seenAtLeaving.push(received.length) });
    expect(res.body.toString()).toBe('arrived');
    expect(received.length - before).toBe(3); // two redirects and the page
    expect(seenAtLeaving).toEqual([before]);
  });

  it('is called when the request is written, not when it is handed over: one queued for a free connection waits', async () => {
    // The client keeps 8 connections per origin: 8 slow requests take them all, so a 9th waits its turn.
    const busy = Array.from({ length: 8 }, () => client.request(`${server.url}/slow`, base));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const handedAt = performance.now();
    let leftAt: number | undefined;
    let seenAtLeaving: number | undefined;
    const before = received.length;
    const queued = client.request(`${server.url}/plain`, {
      ...base,
      onLeaving: () => {
        leftAt = performance.now();
        seenAtLeaving = received.length;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(leftAt).toBeUndefined(); // still waiting for a connection: it has not left
    await Promise.all([...busy, queued]);
    expect(leftAt! - handedAt).toBeGreaterThanOrEqual(200);
    expect(seenAtLeaving).toBe(before); // and it was called before the server saw it
  });

  it('is not called when the options are refused before any I/O', async () => {
    let called = 0;
    await expect(client.request(`${server.url}/plain`, { ...base, timeoutMs: -1, onLeaving: () => called++ })).rejects.toThrow();
    expect(called).toBe(0);
  });
});

describe('redirects', () => {
  it('follows a chain of 5 (the default cap)', async () => {
    const res = await client.request(`${server.url}/r/5`, base);
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${server.url}/done`);
    expect(res.body.toString()).toBe('arrived');
  });

  it('fails on the 6th redirect', async () => {
    const err = await client.request(`${server.url}/r/6`, base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'too-many-redirects', message: 'fetch: more than 5 redirects' });
  });

  it('honours a smaller maxRedirects', async () => {
    await expect(client.request(`${server.url}/r/2`, { ...base, maxRedirects: 1 })).rejects.toMatchObject({
      kind: 'too-many-redirects',
    });
    const ok = await client.request(`${server.url}/r/1`, { ...base, maxRedirects: 1 });
    expect(ok.body.toString()).toBe('arrived');
  });

  it('stops a redirect loop at the cap', async () => {
    const before = server.hits.filter((h) => h === '/loop').length;
    await expect(client.request(`${server.url}/loop`, base)).rejects.toMatchObject({
      kind: 'too-many-redirects',
      url: `${server.url}/loop`,
    });
    expect(server.hits.filter((h) => h === '/loop').length - before).toBe(6);
  });

  it('returns the 3xx itself when maxRedirects is 0', async () => {
    const res = await client.request(`${server.url}/r/1`, { ...base, maxRedirects: 0 });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/done');
  });

  it.each([
    { status: 303, method: 'GET', body: '' },
    { status: 302, method: 'GET', body: '' },
    { status: 301, method: 'GET', body: '' },
    { status: 307, method: 'POST', body: 'payload' },
    { status: 308, method: 'POST', body: 'payload' },
  ])('a POST answered with $status continues as $method', async ({ status, method, body }) => {
    const res = await client.request(`${server.url}/moved?status=${status}&to=/echo`, {
      ...base,
      method: 'POST',
      body: 'payload',
      headers: { 'content-type': 'text/plain' },
    });
    const echo = JSON.parse(res.body.toString()) as { method: string; body: string; headers: Record<string, string> };
    expect(echo.method).toBe(method);
    expect(echo.body).toBe(body);
    expect(echo.headers['content-type']).toBe(method === 'POST' ? 'text/plain' : undefined);
  });

  it('resolves relative and protocol-relative locations', async () => {
    const relative = await client.request(`${server.url}/moved?status=302&to=done`, base);
    expect(relative.url).toBe(`${server.url}/done`);
    const protocolRelative = await client.request(
      `${server.url}/moved?status=302&to=${encodeURIComponent(`//127.0.0.1:${server.port}/done?x=1`)}`,
      base,
    );
    expect(protocolRelative.url).toBe(`${server.url}/done?x=1`);
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    const other = `http://localhost:${server.port}/echo`;
    const res = await client.request(`${server.url}/moved?status=302&to=${encodeURIComponent(other)}`, {
      ...base,
      headers: { authorization: 'Bearer secret', 'x-keep': 'kept' },
    });
    const echo = JSON.parse(res.body.toString()) as { headers: Record<string, string> };
    expect(echo.headers.authorization).toBeUndefined();
    expect(echo.headers['x-keep']).toBe('kept');
  });

  it.each(['ftp://example.com/feed', 'file:///etc/passwd', 'javascript:alert(1)'])(
    'refuses a redirect to %s as bad-url',
    async (to) => {
      await expect(
        client.request(`${server.url}/moved?status=302&to=${encodeURIComponent(to)}`, base),
      ).rejects.toMatchObject({ kind: 'bad-url' });
    },
  );
});

describe('bad input', () => {
  it.each(['not a url', 'ftp://example.com/', 'file:///etc/passwd', 'data:text/plain,hi'])(
    'rejects %s as bad-url',
    async (url) => {
      const err = await client.request(url, base).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect((err as HttpError).kind).toBe('bad-url');
      expect((err as HttpError).message).toMatch(/^fetch: /);
    },
  );

  it('rejects nonsensical options before any I/O', async () => {
    await expect(client.request(`${server.url}/`, { ...base, timeoutMs: 0 })).rejects.toThrow(/^fetch: timeoutMs/);
    await expect(client.request(`${server.url}/`, { ...base, maxRedirects: -1 })).rejects.toThrow(/^fetch: maxRedirects/);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startTestServer(() => undefined);
    const url = `${closed.url}/`;
    await closed.close();
    await expect(client.request(url, base)).rejects.toMatchObject({ kind: 'network', url });
  });

  it('reports an unresolvable host as a dns error', async () => {
    const failing = createHttpClient({
      resolve: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      },
    });
    try {
      await expect(failing.request('http://no-such-host.test/', base)).rejects.toMatchObject({ kind: 'dns' });
    } finally {
      await failing.close();
    }
  });
});
