/**
 * Local HTTP servers for tests: real servers on 127.0.0.1 (or any address of
 * 127.0.0.0/8) on a free port. `startTestServer` calls a handler once the
 * request body is in; `startScriptedSite` answers per path, as set by the test.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  /** The origin, e.g. http://127.0.0.1:12345 */
  url: string;
  port: number;
  server: Server;
  /** Every request's path and query, in order of arrival. */
  hits: string[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => unknown;

/** A handler that throws answers 500 (or cuts the connection when the headers are out). */
export async function startTestServer(handler: Handler, host = '127.0.0.1', port = 0): Promise<TestServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Promise.resolve()
        .then(() => handler(req, res, Buffer.concat(chunks)))
        .catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    server,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Route = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A server whose paths are set per test (404 elsewhere); every request is recorded with its path and time. */
export async function startScriptedSite(host = '127.0.0.1') {
  const routes = new Map<string, Route>();
  const requests: Array<{ path: string; at: number }> = [];
  const server = await startTestServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, at: Date.now() });
    const route = routes.get(path);
    if (route) await route(req, res);
    else res.writeHead(404).end();
  }, host);
  return {
    ...server,
    requests,
    /** Answers `path` with `handler`; returns its full URL. */
    route(path: string, handler: Route) {
      routes.set(path, handler);
      return `${server.url}${path}`;
    },
    hits: (path: string) => requests.filter((r) => r.path === path).length,
  };
}
export type ScriptedSite = Awaited<ReturnType<typeof startScriptedSite>>;
