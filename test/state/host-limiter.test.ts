import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../workers/state/keys.js';
import { acquireHostSlot, DEFAULT_HOST_LIMITS, type HostLease } from '../../workers/state/host-limiter.js';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';

/** No gap, long leases: only the concurrency limit is in play. */
const CONCURRENCY_ONLY = { maxConcurrent: 2, gapMs: 0, leaseMs: 60_000 };

describe('host limiter script (real Redis)', () => {
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  /** Two connections, as two worker processes would have. */
  let a: Redis;
  let b: Redis;
  const host = () => `site-${randomUUID().slice(0, 8)}.example`;

  beforeAll(async () => {
    server = await startTestRedis();
    a = new Redis(server.url);
    b = new Redis(server.url);
  });
  afterAll(async () => {
    a?.disconnect();
    b?.disconnect();
    await server?.stop();
  });

  it('grants at most maxConcurrent leases on one host, across connections', async () => {
    const h = host();
    const first = await acquireHostSlot(a, h, CONCURRENCY_ONLY, 0);
    const second = await acquireHostSlot(b, h, CONCURRENCY_ONLY, 0);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(await acquireHostSlot(a, h, CONCURRENCY_ONLY, 0)).toBeUndefined();
    expect(await a.zcard(keys.hostLeases(h))).toBe(2);
  });

  it('frees a slot on release, and a waiter takes it', async () => {
    const h = host();
    const held = [await acquireHostSlot(a, h, CONCURRENCY_ONLY, 0), await acquireHostSlot(a, h, CONCURRENCY_ONLY, 0)];
    const waiting = acquireHostSlot(b, h, CONCURRENCY_ONLY, 10_000);
    await held[0]!.release();
    expect(await waiting).toBeDefined();
    expect(await a.zcard(keys.hostLeases(h))).toBe(2);
  });

  it('never has more than maxConcurrent requests in flight under contention', async () => {
    const h = host();
    const inFlight = { now: 0, max: 0 };
    const request = async (client: Redis) => {
      const lease = await acquireHostSlot(client, h, CONCURRENCY_ONLY, 20_000);
      if (!lease) throw new Error('test: no slot within 20 s');
      inFlight.now += 1;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      await client.ping(); // a round trip while the lease is held
      inFlight.now -= 1;
      await lease.release();
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => request(i % 2 ? a : b)));
    expect(inFlight.max).toBe(2);
    expect(await a.zcard(keys.hostLeases(h))).toBe(0);
  });

  it('keeps the gap between two request starts', async () => {
    const h = host();
    const limits = { maxConcurrent: 5, gapMs: 300, leaseMs: 60_000 };
    const started = Date.now();
    expect(await acquireHostSlot(a, h, limits, 0)).toBeDefined();
    // The second request waits out the gap, though a slot is free.
    expect(await acquireHostSlot(b, h, { ...limits, gapMs: 60_000 }, 0)).toBeUndefined();
    const second = await acquireHostSlot(b, h, limits, 5_000);
    expect(second).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(limits.gapMs - 5);
  });

  it('gives up after maxWaitMs and returns undefined, so the job can go back to the queue', async () => {
    const h = host();
    const limits = { maxConcurrent: 1, gapMs: 0, leaseMs: 60_000 };
    await acquireHostSlot(a, h, limits, 0);
    const started = Date.now();
    expect(await acquireHostSlot(b, h, limits, 300)).toBeUndefined();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(295);
    expect(waited).toBeLessThan(5_000);
  });

  it("frees a crashed worker's lease when it expires", async () => {
    const h = host();
    const limits = { maxConcurrent: 1, gapMs: 0, leaseMs: 400 };
    const crashed: HostLease | undefined = await acquireHostSlot(a, h, limits, 0);
    expect(crashed).toBeDefined(); // never released
    expect(await acquireHostSlot(b, h, limits, 0)).toBeUndefined();
    expect(await acquireHostSlot(b, h, limits, 10_000)).toBeDefined();
  });

  it('treats host names case-insensitively and hosts independently', async () => {
    const h = host();
    const limits = { maxConcurrent: 1, gapMs: 0, leaseMs: 60_000 };
    await acquireHostSlot(a, h.toUpperCase(), limits, 0);
    expect(await acquireHostSlot(b, h, limits, 0)).toBeUndefined();
    expect(await acquireHostSlot(b, host(), limits, 0)).toBeDefined();
  });

  it('lets its keys expire (no key outlives its lease or gap)', async () => {
    const h = host();
    await acquireHostSlot(a, h, DEFAULT_HOST_LIMITS, 0);
    const leaseTtl = await a.pttl(keys.hostLeases(h));
    const gapTtl = await a.pttl(keys.hostNext(h));
    expect(leaseTtl).toBeGreaterThan(0);
    expect(leaseTtl).toBeLessThanOrEqual(DEFAULT_HOST_LIMITS.leaseMs);
    expect(gapTtl).toBeGreaterThan(0);
    expect(gapTtl).toBeLessThanOrEqual(DEFAULT_HOST_LIMITS.gapMs);
    await waitFor(async () => (await a.exists(keys.hostNext(h))) === 0, 5_000);
  });
});
