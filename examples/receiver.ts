/**
 * A minimal newswatch alert receiver: verifies each request's Standard
 * Webhooks signature, prints the alert, answers 204 (401 on a bad signature).
 *
 *   WEBHOOK_SECRET=whsec_... PORT=9000 npx tsx examples/receiver.ts
 *   (HOST=127.0.0.1 to listen on this machine only)
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** Bodies bigger than this are refused before verification. */
const MAX_BODY_BYTES = 1024 * 1024;

interface AlertBody {
  type?: string;
  data?: {
    watchlist?: { id?: string };
    article?: { url?: string; title?: string };
    matches?: Array<{ name?: string; role?: string; snippets?: string[] }>;
  };
}

export interface ReceiverOptions {
  secret: string;
  /** Called with each verified alert; defaults to printing it. */
  onAlert?: (alert: AlertBody, msgId: string) => void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('receiver: body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Prints title, people and snippets of one alert. */
export function printAlert(alert: AlertBody, msgId: string): void {
  const article = alert.data?.article ?? {};
  console.log(`\n[${msgId}] ${article.title ?? '(no title)'}\n  ${article.url ?? ''}`);
  for (const m of alert.data?.matches ?? []) {
    console.log(`  • ${m.name ?? '?'}${m.role ? ` — ${m.role}` : ''}`);
    for (const snippet of m.snippets ?? []) console.log(`      “${snippet}”`);
  }
}

function answer(res: ServerResponse, status: number, text?: string): void {
  res.statusCode = status;
  if (text) res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(text);
}

/** The request handler, separate from the server so tests can listen on port 0. */
export function createReceiverHandler(opts: ReceiverOptions): RequestListener {
  const webhook = new Webhook(opts.secret);
  const onAlert = opts.onAlert ?? printAlert;
  return (req, res) => {
    if (req.method !== 'POST') return answer(res, 405, 'POST only\n');
    readBody(req).then(
      (body) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === 'string') headers[name] = value;
        }
        let alert: AlertBody;
        try {
          // verify() checks the HMAC over the exact bytes and the timestamp's freshness.
          alert = webhook.verify(body.toString('utf8'), headers) as AlertBody;
        } catch (err) {
          if (err instanceof WebhookVerificationError) return answer(res, 401, 'bad signature\n');
          return answer(res, 400, 'bad request\n');
        }
        try {
          onAlert(alert, headers['webhook-id'] ?? '');
        } catch {
          return answer(res, 500);
        }
        answer(res, 204);
      },
      () => answer(res, 413, 'body too large\n'),
    );
  };
}

/**
 * Listens on PORT (default 9000) and HOST (default every interface, so a
 * worker in a container can reach it; HOST=127.0.0.1 keeps it to this machine).
 */
export function listenFromEnv(env: Record<string, string | undefined>, secret: string): Promise<Server> {
  const port = Number(env.PORT || 9000);
  const host = env.HOST || undefined;
  const server = createServer(createReceiverHandler({ secret }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { address, port: bound } = server.address() as AddressInfo;
      const shown = address.includes(':') ? `[${address}]` : address;
      console.log(`receiver: listening on http://${host ? shown : 'localhost'}:${bound}/`);
      resolve(server);
    });
  });
}

function main(): void {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.error('receiver: set WEBHOOK_SECRET to the webhook secret (whsec_...)');
    process.exit(1);
  }
  listenFromEnv(process.env, secret).catch((err: Error) => {
    console.error(`receiver: ${err.message}`);
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
