import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { RedisMemoryServer } from 'redis-memory-server';
import which from 'which';

export interface EmbeddedRedis {
  url: string;
  stop(): Promise<void>;
}

export class RedisMissingError extends Error {
  constructor() {
    super(
      'redis: no redis-server on the PATH. Install one (Debian/Ubuntu: `apt-get install -y redis-server`, ' +
        'macOS: `brew install redis`) or point REDIS_URL at a running Redis (redis://host:6379).',
    );
  }
}

/**
 * Starts a private redis-server for a worker run without REDIS_URL. Data lives
 * under `dataDir` with the append-only file on, so a restart of newswatch keeps
 * its queues and seen-sets; `noeviction` because BullMQ must never lose keys.
 * redis-memory-server does the spawning, port picking, readiness wait and the
 * watchdog that stops redis-server if this process dies.
 */
export async function startEmbeddedRedis(options: {
  dataDir?: string;
  port?: number;
  appendOnly?: boolean;
} = {}): Promise<EmbeddedRedis> {
  const binary = await which('redis-server', { nothrow: true });
  if (!binary) throw new RedisMissingError();
  const args = ['--bind', '127.0.0.1', '--maxmemory-policy', 'noeviction', '--save', ''];
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    await mkdir(dir, { recursive: true });
    args.push('--dir', dir);
  }
  args.push('--appendonly', options.appendOnly === false ? 'no' : 'yes');
  const server = new RedisMemoryServer({
    binary: { systemBinary: binary },
    instance: { port: options.port ?? null, args },
  });
  await server.start();
  const host = await server.getHost();
  const port = await server.getPort();
  return {
    url: `redis://${host}:${port}`,
    stop: async () => {
      await server.stop();
    },
  };
}
