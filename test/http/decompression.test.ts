import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import type { HttpRequestOptions } from '../../src/http/types.js';
import { startTestServer, type TestServer } from '../helpers/http.js';

const feed = readFileSync(new URL('../fixtures/http/feed.xml', import.meta.url));
const client = createHttpClient();
const base: HttpRequestOptions = { timeoutMs: 4000, maxBytes: 1_000_000, allowPrivateNetworks: true };

/** 200 MB of zeros, gzipped chunk by chunk so the test never holds the inflated form (~200 KB result). */
function gzipBomb(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gzip = zlib.createGzip({ level: 9 });
    const out: Buffer[] = [];
    gzip.on('data', (c: Buffer) => out.push(c));
    gzip.on('end', () => resolve(Buffer.concat(out)));
    gzip.on('error', reject);
    const zeros = Buffer.alloc(1 << 20);
    let left = 200;
    const pump = (): void => {
      while (left > 0) {
        left--;
        if (!gzip.write(zeros)) {
          gzip.once('drain', pump);
          return;
        }
      }
      gzip.end();
    };
    pump();
  });
}

const bodies: Record<string, { encoding: string; body: Buffer }> = {
  gzip: { encoding: 'gzip', body: zlib.gzipSync(feed) },
  'x-gzip': { encoding: 'x-gzip', body: zlib.gzipSync(feed) },
  deflate: { encoding: 'deflate', body: zlib.deflateSync(feed) },
  'deflate-raw': { encoding: 'deflate', body: zlib.deflateRawSync(feed) },
  br: { encoding: 'br', body: zlib.brotliCompressSync(feed) },
  'gzip-then-br': { encoding: 'gzip, br', body: zlib.brotliCompressSync(zlib.gzipSync(feed)) },
  'upper-case': { encoding: 'GZIP', body: zlib.gzipSync(feed) },
  identity: { encoding: 'identity', body: feed },
  'broken-gzip': { encoding: 'gzip', body: Buffer.from('this is not gzip at all') },
  'broken-br': { encoding: 'br', body: Buffer.from('this is not brotli at all, honestly') },
  'broken-deflate': { encoding: 'deflate', body: Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff, 0x00, 0x01]) },
  unknown: { encoding: 'compress', body: Buffer.from('whatever') },
  'empty-gzip': { encoding: 'gzip', body: Buffer.alloc(0) },
};

let server: TestServer;

beforeAll(async () => {
  const bomb = await gzipBomb();
  bodies.bomb = { encoding: 'gzip', body: bomb };
  server = await startTestServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    const entry = bodies[name];
    if (!entry) return void res.writeHead(404).end();
    // No content-length for the bomb: only the decoded count can stop it.
    res.writeHead(200, { 'content-encoding': entry.encoding, 'content-type': 'application/rss+xml' });
    res.end(entry.body);
  });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

describe('content-encoding', () => {
  it.each(['gzip', 'x-gzip', 'deflate', 'deflate-raw', 'br', 'gzip-then-br', 'upper-case', 'identity'])(
    'decodes %s to the original bytes',
    async (name) => {
      const res = await client.request(`${server.url}/${name}`, base);
      expect(res.status).toBe(200);
      expect(res.body.equals(feed)).toBe(true);
    },
  );

  it('returns an empty body for an empty gzip response', async () => {
    const res = await client.request(`${server.url}/empty-gzip`, base);
    expect(res.body.length).toBe(0);
  });

  it.each(['broken-gzip', 'broken-br', 'broken-deflate', 'unknown'])('reports %s as a decompression error', async (name) => {
    const err = await client.request(`${server.url}/${name}`, base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'decompression', url: `${server.url}/${name}` });
    expect((err as HttpError).message).toMatch(/^fetch: /);
  });

  it('caps decoded bytes, not wire bytes', async () => {
    const compressed = bodies.gzip!.body.length;
    const err = await client
      .request(`${server.url}/gzip`, { ...base, maxBytes: compressed + 10 })
      .catch((e: unknown) => e);
    expect(feed.length).toBeGreaterThan(compressed + 10);
    expect(err).toMatchObject({ kind: 'too-large' });
  });

  it('stops a gzip bomb at the cap without inflating it', async () => {
    expect(bodies.bomb!.body.length).toBeLessThan(1_000_000);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const err = await client
      .request(`${server.url}/bomb`, { ...base, maxBytes: 1_000_000 })
      .catch((e: unknown) => e);
    const ms = performance.now() - started;
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'too-large', message: 'fetch: body exceeds 1000000 bytes' });
    expect(ms).toBeLessThan(1000);
    // Inflating the whole bomb would need 200 MB; the cap keeps growth to a few MB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
