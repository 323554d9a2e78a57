import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { connectRedis, type RedisClient } from './connect.js';
import { lockOwner } from './data-lock.js';

export const DEFAULT_DATA_DIR = 'data/redis';
const URL_FILE = 'newswatch-redis.url';

/** The running worker's embedded Redis writes its address here so the CLI's other commands can reach it. */
export async function recordEmbeddedUrl(dataDir: string, url: string): Promise<void> {
  const file = join(dataDir, URL_FILE);
  await mkdir(dirname(file), { recursive: true });
  // Written aside and renamed into place, so a command never reads it half-written.
  await writeFile(`${file}.${process.pid}.tmp`, url + '\n');
  await rename(`${file}.${process.pid}.tmp`, file);
}

/** A one-off command found no Redis to read: no REDIS_URL and no worker running on the data folder. */
export class NoWorkerError extends Error {
  override readonly name = 'NoWorkerError';
}

/**
 * A Redis for a one-off command (`alerts`, `feeds`): REDIS_URL; else the
 * running worker's embedded server, found through the data folder's lock and
 * address file. Never a redis-server of its own: on a live data folder that
 * would be a second server on the worker's files, whose writes the worker
 * never sees (an alert "queued again" that nothing sends).
 */
export async function connectForCommand(redisUrl: string | undefined, dataDir = DEFAULT_DATA_DIR): Promise<{ redis: RedisClient; close(): Promise<void> }> {
  const url = redisUrl ?? (await runningWorkerRedis(dataDir));
  const redis = connectRedis(url);
  return {
    redis,
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

async function runningWorkerRedis(dataDir: string): Promise<string> {
  const owner = await lockOwner(dataDir);
  if (owner === undefined) {
    throw new NoWorkerError(
      `newswatch: no worker is running on ${dataDir} (no REDIS_URL either). ` +
        'Start one with `newswatch run` in this folder, or set REDIS_URL to the Redis your worker uses.',
    );
  }
  const recorded = await readFile(join(dataDir, URL_FILE), 'utf8').then((s) => s.trim(), () => undefined);
  if (!recorded || !(await answers(recorded))) {
    throw new NoWorkerError(`newswatch: the worker (pid ${owner}) on ${dataDir} has no Redis answering yet; is it still starting? Try again in a moment.`);
  }
  return recorded;
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
