import { Webhook } from 'standardwebhooks';
import { startTestServer, type TestServer } from './http.js';

export const TEST_SECRET = 'whsec_' + Buffer.from('newswatch-test-secret-0123456789').toString('base64');

export interface ReceivedAlert {
  id: string;
  body: any;
  receivedAt: number;
}

/**
 * A webhook receiver that checks every signature with the Standard Webhooks
 * library; `respond` decides the status per request (for outage tests).
 */
export async function startReceiver(
  respond: (attempt: number, id: string) => { status: number; headers?: Record<string, string> } = () => ({ status: 204 }),
  port = 0,
): Promise<TestServer & { alerts: ReceivedAlert[]; attempts: Array<{ id: string; status: number; at: number }>; stats: { badSignatures: number } }> {
  const verifier = new Webhook(TEST_SECRET);
  const alerts: ReceivedAlert[] = [];
  const attempts: Array<{ id: string; status: number; at: number }> = [];
  const stats = { badSignatures: 0 };
  const server = await startTestServer((req, res, body) => {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    let parsed: any;
    try {
      parsed = verifier.verify(body.toString('utf8'), headers);
    } catch {
      stats.badSignatures += 1;
      res.writeHead(401).end();
      return;
    }
    const id = headers['webhook-id']!;
    const reply = respond(attempts.length, id);
    attempts.push({ id, status: reply.status, at: Date.now() });
    if (reply.status >= 200 && reply.status < 300) alerts.push({ id, body: parsed, receivedAt: Date.now() });
    res.writeHead(reply.status, reply.headers).end();
  }, '127.0.0.1', port);
  return Object.assign(server, { alerts, attempts, stats });
}
