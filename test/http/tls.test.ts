import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/http/${name}`, import.meta.url));
const client = createHttpClient();
let server: https.Server;
let origin: string;

beforeAll(async () => {
  server = https.createServer({ key: fixture('self-signed.key'), cert: fixture('self-signed.crt') }, (_req, res) =>
    res.end('secret'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await client.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('TLS', () => {
  it('reports an untrusted certificate as a tls error', async () => {
    const err = await client
      .request(`${origin}/`, { timeoutMs: 3000, maxBytes: 1000, allowPrivateNetworks: true })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'tls', url: `${origin}/` });
    expect((err as HttpError).message).toMatch(/^fetch: TLS failure \(/);
  });
});
