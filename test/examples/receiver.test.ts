import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createReceiverHandler, printAlert } from '../../examples/receiver.js';
import { deliverAlert } from '../../src/alert/deliver.js';
import { signedHeaders } from '../../src/alert/sign.js';
import type { AlertPayload } from '../../src/alert/types.js';
import { closeHttpAgents } from '../../src/http/client.js';

const SECRET = `whsec_${Buffer.from('receiver-example-test-secret-key').toString('base64')}`;

const payload: AlertPayload = {
  type: 'article.matched',
  timestamp: '2026-11-26T06:00:00.000Z',
  data: {
    watchlist: { id: 'mideast' },
    article: { url: 'https://example.com/a', title: 'Witkoff to meet Hamas negotiator', feed: { url: 'https://example.com/rss' } },
    matches: [
      {
        entityId: 'steve-witkoff',
        name: 'Steve Witkoff',
        role: 'U.S. special envoy to the Middle East',
        count: 2,
        inTitle: true,
        snippets: ['Steve Witkoff is set to meet Khalil al-Hayya.'],
      },
    ],
  },
};

const alerts: Array<{ alert: unknown; msgId: string }> = [];
let server: Server;
let url = '';

function post(body: string, headers: Record<string, string>, method = 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('test: receiver did not answer')));
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  server = createServer(createReceiverHandler({ secret: SECRET, onAlert: (alert, msgId) => alerts.push({ alert, msgId }) }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await closeHttpAgents();
  await new Promise((r) => server.close(r));
});

describe('examples/receiver', () => {
  it('accepts a correctly signed alert with 204 and hands it on', async () => {
    alerts.length = 0;
    const body = JSON.stringify(payload);
    expect(await post(body, signedHeaders(SECRET, 'msg_one', new Date(), body))).toBe(204);
    expect(alerts).toEqual([{ alert: payload, msgId: 'msg_one' }]);
  });

  it('answers 401 to a tampered body, a missing signature or a stale timestamp', async () => {
    alerts.length = 0;
    const body = JSON.stringify(payload);
    const headers = signedHeaders(SECRET, 'msg_two', new Date(), body);
    expect(await post(body.replace('Witkoff', 'Witkof'), headers)).toBe(401);
    expect(await post(body, { 'content-type': 'application/json' })).toBe(401);
    const stale = new Date(Date.now() - 60 * 60 * 1000);
    expect(await post(body, signedHeaders(SECRET, 'msg_two', stale, body))).toBe(401);
    expect(alerts).toHaveLength(0);
  });

  it('answers 405 to anything but POST', async () => {
    expect(await post('', {}, 'GET')).toBe(405);
  });

  it('receives what deliverAlert sends', async () => {
    alerts.length = 0;
    const hook = {
      id: 'local',
      url,
      secret: SECRET,
      format: 'standard' as const,
      timeoutMs: 5_000,
      retry: { attempts: 3, initialDelayMs: 1_000, maxDelayMs: 10_000 },
    };
    expect(await deliverAlert(hook, 'msg_three', payload, { allowPrivateNetworks: true })).toEqual({
      kind: 'delivered',
      status: 204,
    });
    expect(alerts).toEqual([{ alert: payload, msgId: 'msg_three' }]);
  });

  it('prints title, people and snippets', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      printAlert(payload, 'msg_four');
      const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
      expect(printed).toContain('Witkoff to meet Hamas negotiator');
      expect(printed).toContain('Steve Witkoff — U.S. special envoy to the Middle East');
      expect(printed).toContain('Steve Witkoff is set to meet Khalil al-Hayya.');
    } finally {
      log.mockRestore();
    }
  });
});
