/**
 * A redis-server the test owns outright: a fixed port (so a restarted server
 * has the same URL), a data directory, and the append-only file fsynced on
 * every write, so SIGKILL loses nothing that Redis acknowledged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { Redis } from 'ioredis';
import { tempDir } from '../helpers/temp.js';
import { waitFor } from '../helpers/wait.js';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export interface RedisProcess {
  url: string;
  port: number;
  dataDir: string;
  /** The running server's pid, or undefined while it is down. */
  pid(): number | undefined;
  /** kill -9: no shutdown, no final save. */
  crash(): Promise<void>;
  /** Starts redis-server again on the same port and data directory (replaying the AOF). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedisProcess(): Promise<RedisProcess> {
  const dataDir = tempDir('newswatch-redis-');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  async function launch(): Promise<void> {
    const proc = spawn(
      'redis-server',
      [
        '--port', String(port),
        '--bind', '127.0.0.1',
        '--dir', dataDir,
        '--appendonly', 'yes',
        '--appendfsync', 'always',
        '--save', '',
        '--maxmemory-policy', 'noeviction',
        '--loglevel', 'warning',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child = proc;
    exited = new Promise((r) => proc.once('exit', () => r()));
    // Ready when it answers PING (and has finished loading the AOF).
    await waitFor(
      async () => {
        if (proc.exitCode !== null) throw new Error(`redis-server exited with ${proc.exitCode}`);
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false; // not up yet, or still loading
        } finally {
          probe.disconnect();
        }
      },
      10_000,
      50,
      'redis-server to answer PING',
    );
  }

  async function kill(signal: NodeJS.Signals): Promise<void> {
    const proc = child;
    child = undefined;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      proc.kill(signal);
      await exited;
    }
  }

  await launch();
  return {
    url,
    port,
    dataDir,
    pid: () => child?.pid,
    crash: () => kill('SIGKILL'),
    restart: launch,
    async stop() {
      await kill('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
