/**
 * The webhook receiver of every test: a real HTTP server on a loopback
 * address that checks each signature with the Standard Webhooks library and
 * records every attempt. `respond` decides each answer (status, headers, how
 * long to hold the request first); `stop()` closes the port (deliveries meet a
 * refused connection) and `start()` opens the same port again, for outages.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { sleep } from './wait.js';

export const TEST_SECRET = 'whsec_' + Buffer.from('newswatch-test-secret-0123456789').toString('base64');

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Milliseconds to hold the request before answering (a slow receiver). */
  holdMs?: number;
}

export interface Attempt {
  /** The webhook-id header. */
  id: string;
  status: number;
  receivedAt: number;
  /** When the answer was fully written; undefined while held, or when the sender went away first. */
  respondedAt?: number;
  /** The verified payload. */
  body: any;
}

export interface ReceiverOptions {
  /** The answer to attempt number `attempt` (0-based, counting signed attempts); default 204. */
  respond?: (attempt: number, id: string) => Reply;
  host?: string;
  port?: number;
  secret?: string;
}

export async function startReceiver(opts: ReceiverOptions = {}) {
  const host = opts.host ?? '127.0.0.1';
  const verifier = new Webhook(opts.secret ?? TEST_SECRET);
  const attempts: Attempt[] = [];
  /** Attempts answered 2xx (the alerts a real receiver would accept), as they arrive. */
  const alerts: Attempt[] = [];
  const stats = { badSignatures: 0 };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    let payload: any;
    try {
      payload = verifier.verify(body.toString('utf8'), headers);
    } catch {
      stats.badSignatures += 1;
      res.writeHead(401).end();
      return;
    }
    const id = headers['webhook-id']!;
    const reply = opts.respond?.(attempts.length, id) ?? { status: 204 };
    const attempt: Attempt = { id, status: reply.status, receivedAt: Date.now(), body: payload };
    attempts.push(attempt);
    if (reply.status >= 200 && reply.status < 300) alerts.push(attempt);
    if (reply.holdMs) await sleep(reply.holdMs);
    if (res.destroyed || req.socket.destroyed) return; // the sender went away: no answer reached it
    res.writeHead(reply.status, reply.headers).end(() => {
      attempt.respondedAt = Date.now();
    });
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)).catch(() => res.destroy()));
  });

  let port = opts.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  await listen();
  return {
    get url() {
      return `http://${host}:${port}`;
    },
    get port() {
      return port;
    },
    attempts,
    alerts,
    stats,
    /** Attempts answered 2xx whose answer was fully written. */
    delivered: () => attempts.filter((a) => a.status >= 200 && a.status < 300 && a.respondedAt !== undefined),
    /** Closes the port: deliveries meet a refused connection. */
    stop: close,
    /** Listens on the same port again. */
    start: listen,
    close,
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
