import { Cluster, Redis, type RedisOptions } from 'ioredis';

/** A Redis connection: one server, or a Redis Cluster through any of its nodes. */
export type RedisClient = Redis | Cluster;

/**
 * Opens the connection newswatch runs on. `redis://` and `rediss://` (TLS)
 * URLs as usual; `?cluster=true` on the URL connects to a Redis Cluster with
 * that node as the seed (the others are discovered). BullMQ's advice holds
 * for both: no per-request retry limit on worker connections, so a Redis
 * restart pauses the workers instead of failing their jobs.
 */
export function connectRedis(url: string, overrides: RedisOptions = {}): RedisClient {
  const parsed = new URL(url);
  const cluster = ['1', 'true', 'yes'].includes((parsed.searchParams.get('cluster') ?? '').toLowerCase());
  const options: RedisOptions = { maxRetriesPerRequest: null, ...overrides };
  if (!cluster) return new Redis(url, options);
  parsed.searchParams.delete('cluster');
  const tls = parsed.protocol === 'rediss:';
  return new Cluster([{ host: parsed.hostname, port: Number(parsed.port || 6379) }], {
    redisOptions: {
      ...options,
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      // Nodes announce IP addresses: check certificates against the seed's name.
      ...(tls ? { tls: { servername: parsed.hostname } } : {}),
    },
    ...(tls ? { dnsLookup: (address: string, callback: (err: Error | null, address: string) => void) => callback(null, address) } : {}),
    // BullMQ's blocking commands need the cluster client to keep its queue while a node fails over.
    enableOfflineQueue: true,
  });
}
