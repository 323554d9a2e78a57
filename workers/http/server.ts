import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { RedisClient } from '../redis/connect.js';
import { registry } from '../runtime/metrics.js';

export interface HealthProbe {
  redis: RedisClient;
  /** True while every worker runs. */
  workersRunning(): boolean;
  /** Refreshes gauges (queue depths) before a scrape. */
  beforeScrape?(): Promise<void>;
  /** Serves /admin/queues (Bull Board) when set. */
  admin?: { basePath: string; handler: (req: IncomingMessage, res: ServerResponse) => void };
  /** Serves /matches and /api/matches when set (same password as the admin board). */
  matches?: { paths: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void };
  /** Told of a request that failed inside the server (the client gets a 500, the operator a log line). */
  onError?(err: Error, path: string): void;
}

/** /healthz, /readyz and /metrics, per SPEC. */
export function startHealthServer(port: number, probe: HealthProbe, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (probe.admin && (path === probe.admin.basePath || path.startsWith(probe.admin.basePath + '/'))) {
      probe.admin.handler(req, res);
      return;
    }
    if (probe.matches?.paths.includes(path)) {
      probe.matches.handler(req, res);
      return;
    }
    void (async () => {
      try {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          res.writeHead(405).end();
        } else if (path === '/healthz') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
        } else if (path === '/readyz') {
          const redisOk = await pingWithin(probe.redis, 1000);
          const workersOk = probe.workersRunning();
          const ready = redisOk && workersOk;
          res
            .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ ready, redis: redisOk, workers: workersOk }) + '\n');
        } else if (path === '/metrics') {
          // Stale queue gauges beat no metrics: a failed refresh is reported, the scrape still answers.
          await probe.beforeScrape?.().catch((err: Error) => probe.onError?.(err, path));
          res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
        } else {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        }
      } catch (err) {
        probe.onError?.(err as Error, path);
        if (!res.headersSent) res.writeHead(500).end();
      }
    })();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function pingWithin(redis: RedisClient, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    return await Promise.race([redis.ping().then((r) => r === 'PONG'), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
