import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { connectRedis, type RedisClient } from './connect.js';
import { startEmbeddedRedis, type EmbeddedRedis } from './embedded.js';

export const DEFAULT_DATA_DIR = 'data/redis';
const URL_FILE = 'newswatch-redis.url';

/** The running worker's embedded Redis writes its address here so the CLI's other commands can reach it. */
export async function recordEmbeddedUrl(dataDir: string, url: string): Promise<void> {
  const file = join(dataDir, URL_FILE);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, url + '\n');
}

/**
 * A Redis for a one-off command: REDIS_URL; else the running worker's
 * embedded server; else an embedded server of its own on the same data (safe:
 * no worker holds it).
 */
export async function connectForCommand(redisUrl: string | undefined, dataDir = DEFAULT_DATA_DIR): Promise<{ redis: RedisClient; close(): Promise<void> }> {
  let embedded: EmbeddedRedis | undefined;
  let url = redisUrl;
  if (!url) {
    const recorded = await readFile(join(dataDir, URL_FILE), 'utf8').then((s) => s.trim(), () => undefined);
    if (recorded && (await answers(recorded))) url = recorded;
  }
  if (!url) {
    embedded = await startEmbeddedRedis({ dataDir });
    url = embedded.url;
  }
  const redis = connectRedis(url);
  return {
    redis,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
      if (embedded) await embedded.stop();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
