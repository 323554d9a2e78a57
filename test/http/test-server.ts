import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:12345 */
  origin: string;
  port: number;
  /** Every request path the server saw, in order. */
  hits: string[];
  close(): Promise<void>;
}

/** A real HTTP server on a loopback address and a free port; tests close it in afterAll. */
export async function startServer(
  handler: http.RequestListener,
  host = '127.0.0.1',
): Promise<TestServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
