import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import { isBlockedAddress } from '../../src/http/ssrf.js';
import type { HttpRequestOptions } from '../../src/http/types.js';
import { startTestServer, type TestServer } from '../helpers/http.js';

/*
 * The "public" site runs on 127.0.0.2 and the policy under test is the real
 * isBlockedAddress with exactly that one address let through. Everything the
 * guard must refuse (127.0.0.1 included) stays refused, and a "victim" server
 * on 127.0.0.1 counts any request that slips past it. Hosts that resolve to
 * 10.x or 169.254.x are never connected to: the guard refuses first.
 */
const PUBLIC_IP = '127.0.0.2';
const policy = (ip: string): boolean => ip !== PUBLIC_IP && isBlockedAddress(ip);

const dns: Record<string, LookupAddress[]> = {
  'news.example.test': [{ address: PUBLIC_IP, family: 4 }],
  'intranet.example.test': [{ address: '10.0.0.1', family: 4 }],
  'metadata.example.test': [{ address: '169.254.169.254', family: 4 }],
  'rebind.example.test': [{ address: '127.0.0.1', family: 4 }],
  'mapped.example.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'mixed.example.test': [
    { address: '10.0.0.1', family: 4 },
    { address: PUBLIC_IP, family: 4 },
  ],
};
const lookups: string[] = [];
const client = createHttpClient({
  isBlocked: policy,
  resolve: async (host) => {
    lookups.push(host);
    return dns[host] ?? [];
  },
});
const guarded: HttpRequestOptions = { timeoutMs: 3000, maxBytes: 100_000, allowPrivateNetworks: false };

let site: TestServer;
let victim: TestServer;

beforeAll(async () => {
  victim = await startTestServer((_req, res) => res.end('internal secrets'));
  site = await startTestServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to) res.writeHead(302, { location: to }).end();
    else res.end('public page');
  }, PUBLIC_IP);
});

afterAll(async () => {
  await client.close();
  await site.close();
  await victim.close();
});

async function refusal(url: string, opts = guarded): Promise<HttpError> {
  const started = performance.now();
  const err = await client.request(url, opts).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(HttpError);
  expect((err as HttpError).kind).toBe('blocked-address');
  expect((err as HttpError).message).toMatch(/^fetch: refusing to connect to a non-public address/);
  // A refusal is decided locally: no connect attempt, so no waiting on one.
  expect(performance.now() - started).toBeLessThan(500);
  return err as HttpError;
}

describe('SSRF guard', () => {
  it('lets the public-looking host through (the harness works)', async () => {
    const res = await client.request(`http://news.example.test:${site.port}/`, guarded);
    expect(res.body.toString()).toBe('public page');
  });

  it.each([
    ['loopback literal', (p: number) => `http://127.0.0.1:${p}/`],
    ['hex literal 0x7f000001', (p: number) => `http://0x7f000001:${p}/`],
    ['short literal 127.1', (p: number) => `http://127.1:${p}/`],
    ['IPv6 loopback', (p: number) => `http://[::1]:${p}/`],
    ['v4-mapped IPv6 loopback', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
    ['private 10/8', () => 'http://10.0.0.1/'],
    ['unspecified', (p: number) => `http://0.0.0.0:${p}/`],
  ])('refuses a %s URL before connecting', async (_name, build) => {
    const url = build(victim.port);
    const err = await refusal(url);
    expect(err.url).toBe(new URL(url).href);
  });

  it.each([
    ['http://127.0.0.1:VICTIM/'],
    ['http://[::1]:VICTIM/'],
    ['http://0x7f000001:VICTIM/'],
    ['http://169.254.169.254/latest/meta-data/'],
    ['http://rebind.example.test:VICTIM/'],
  ])('refuses a redirect from a public host to %s', async (target) => {
    const to = target.replace('VICTIM', String(victim.port));
    const start = `http://news.example.test:${site.port}/?to=${encodeURIComponent(to)}`;
    const err = await refusal(start);
    expect(err.url).toBe(new URL(to).href);
    expect(site.hits.length).toBeGreaterThan(0);
  });

  it.each(['intranet.example.test', 'metadata.example.test', 'rebind.example.test', 'mapped.example.test'])(
    'refuses %s on its DNS answer',
    async (host) => {
      const port = host === 'rebind.example.test' || host === 'mapped.example.test' ? victim.port : 80;
      await refusal(`http://${host}:${port}/`);
      expect(lookups).toContain(host);
    },
  );

  it('connects to the public answer when DNS also returns a private one', async () => {
    const res = await client.request(`http://mixed.example.test:${site.port}/`, guarded);
    expect(res.body.toString()).toBe('public page');
  });

  it('reaches private addresses only when allowPrivateNetworks is true', async () => {
    const res = await client.request(`http://rebind.example.test:${victim.port}/`, {
      ...guarded,
      allowPrivateNetworks: true,
    });
    expect(res.body.toString()).toBe('internal secrets');
    const literal = await client.request(`http://127.0.0.1:${victim.port}/`, { ...guarded, allowPrivateNetworks: true });
    expect(literal.status).toBe(200);
    // Two allowed requests, and none of the refused ones above got through.
    expect(victim.hits).toEqual(['/', '/']);
  });
});
