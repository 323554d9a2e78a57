import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../workers/state/keys.js';
import {
  acquireHostSlot,
  DEFAULT_HOST_LIMITS,
  reservedOwners,
  reserveHostSlots,
  takeHostSlot,
  type HostLease,
  type HostLimits,
} from '../../workers/state/host-limiter.js';
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

  it('lets its keys expire (no key outlives its lease or its schedule by more than a minute)', async () => {
    const h = host();
    await acquireHostSlot(a, h, DEFAULT_HOST_LIMITS, 0);
    const leaseTtl = await a.pttl(keys.hostLeases(h));
    const paceTtl = await a.pttl(keys.hostPace(h));
    expect(leaseTtl).toBeGreaterThan(0);
    expect(leaseTtl).toBeLessThanOrEqual(DEFAULT_HOST_LIMITS.leaseMs);
    // The pace (latest start, next free start, typical request time) is kept a lease's time past the schedule's end.
    expect(paceTtl).toBeGreaterThan(0);
    expect(paceTtl).toBeLessThanOrEqual(Math.max(DEFAULT_HOST_LIMITS.leaseMs, 60_000) + 2 * DEFAULT_HOST_LIMITS.gapMs);
    const short = { maxConcurrent: 1, gapMs: 100, leaseMs: 300 };
    const h2 = host();
    const lease = await acquireHostSlot(a, h2, short, 0);
    await lease!.release();
    expect(await a.pttl(keys.hostPace(h2))).toBeLessThanOrEqual(60_000 + 2 * short.gapMs);
    expect(await a.exists(keys.hostLeases(h2))).toBe(0);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks as `owner` until its turn comes; the lease and how many times it was given a later turn. */
async function leaseFor(client: Redis, host: string, owner: string, limits: HostLimits) {
  for (let turns = 0; ; turns++) {
    const slot = await takeHostSlot(client, host, owner, limits);
    if (slot.kind === 'lease') return { lease: slot.lease, turns };
    await sleep(slot.inMs);
  }
}

describe('host limiter: reserved starts on a shared schedule (real Redis, two clients)', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let a: Redis;
  let b: Redis;

  beforeAll(async () => {
    redis = await startTestRedis();
    a = new Redis(redis.url);
    b = new Redis(redis.url);
  });
  afterAll(async () => {
    a?.disconnect();
    b?.disconnect();
    await redis?.stop();
  });

  const limits: HostLimits = { maxConcurrent: 2, gapMs: 250, leaseMs: 10_000 };

  it('holds 2 in flight and 250 ms between starts across two clients, each owner waiting for its reserved turn', async () => {
    const host = `h-${randomUUID()}`;
    const starts: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let asks = 0;
    const owner = async (client: Redis, id: string) => {
      for (;;) {
        asks += 1;
        const slot = await takeHostSlot(client, host, id, limits);
        if (slot.kind !== 'lease') {
          await sleep(slot.inMs);
          continue;
        }
        starts.push(Date.now());
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(40);
        inFlight -= 1;
        await slot.lease.release();
        return;
      }
    };
    await Promise.all(Array.from({ length: 10 }, (_, i) => owner(i % 2 ? a : b, `o${i}`)));
    starts.sort((x, y) => x - y);
    expect(starts).toHaveLength(10);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    // The limiter spaces starts on Redis's clock; these are the clients' clocks, a few ms after each grant.
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(240);
    // No churn: each owner asks once to get its turn and once more to take it.
    expect(asks).toBeLessThanOrEqual(2 * 10);
  });

  it('gives jobs queued with reserved turns their lease on the first ask when they wake', async () => {
    const host = `h-${randomUUID()}`;
    const owners = Array.from({ length: 5 }, (_, i) => `q${i}`);
    const delays = (await reserveHostSlots(a, new Map([[host, owners]]), limits)).get(host)!;
    expect(delays[0]).toBe(0);
    for (let i = 1; i < delays.length; i++) expect(delays[i]! - delays[i - 1]!).toBeGreaterThanOrEqual(250);
    const kinds = await Promise.all(
      owners.map(async (id, i) => {
        await sleep(delays[i]!);
        const slot = await takeHostSlot(i % 2 ? a : b, host, id, limits);
        if (slot.kind === 'lease') await slot.lease.release();
        return slot.kind;
      }),
    );
    expect(kinds).toEqual(owners.map(() => 'lease'));
    expect(await reservedOwners(a, host)).toEqual([]);
  });

  it('keeps a woken job in line when the start before it went late: it waits in place for the gap, not for the end of the schedule', async () => {
    const host = `h-${randomUUID()}`;
    const owners = ['late-1', 'next-2', 'then-3', 'last-4'];
    const delays = (await reserveHostSlots(a, new Map([[host, owners]]), limits)).get(host)!;
    // The first job wakes 150 ms after its turn (a busy worker), so the second, on time, finds the gap not yet passed.
    await sleep(delays[0]! + 150);
    const first = await takeHostSlot(a, host, 'late-1', limits);
    const firstAt = Date.now();
    expect(first.kind).toBe('lease');
    if (first.kind === 'lease') await first.lease.release();
    await sleep(delays[1]! - delays[0]! - 150);
    const askedAt = Date.now();
    const second = await takeHostSlot(b, host, 'next-2', limits);
    const secondAt = Date.now();
    expect(second.kind).toBe('lease');
    if (second.kind === 'lease') await second.lease.release();
    // It started a gap after the late start (Redis's clock; these are the clients', a few ms after each grant) ...
    expect(secondAt - firstAt).toBeGreaterThanOrEqual(limits.gapMs - 10);
    // ... having waited for that and no more, while the jobs behind it keep their turns.
    expect(secondAt - askedAt).toBeLessThanOrEqual(limits.gapMs);
    expect(await reservedOwners(a, host)).toEqual(['then-3', 'last-4']);
  });

  it("frees a crashed worker's leases and reservations by themselves", async () => {
    const host = `h-${randomUUID()}`;
    const short: HostLimits = { ...limits, leaseMs: 600, reservationTtlMs: 300 };
    // The crashed worker: two leases never released, three reserved starts whose jobs never come.
    for (const id of ['dead-1', 'dead-2']) await leaseFor(a, host, id, short);
    await reserveHostSlots(a, new Map([[host, ['dead-3', 'dead-4', 'dead-5']]]), short);
    a.disconnect();
    a = new Redis(redis.url);

    const began = Date.now();
    let leased = false;
    let reservedTurns = 0;
    while (!leased && Date.now() - began < 10_000) {
      const slot = await takeHostSlot(b, host, 'live', short);
      if (slot.kind === 'lease') {
        leased = true;
        await slot.lease.release();
      } else {
        reservedTurns += 1;
        await sleep(slot.inMs);
      }
    }
    expect(leased).toBe(true);
    // The host was full: the live owner waited for a lease to expire, behind the dead reservations.
    expect(reservedTurns).toBeGreaterThanOrEqual(1);
    expect(Date.now() - began).toBeGreaterThanOrEqual(500);
    // Unclaimed reservations past their time-to-live are dropped at the next look at the host.
    await waitFor(async () => {
      const probe = await takeHostSlot(b, host, `probe-${randomUUID()}`, short);
      if (probe.kind === 'lease') await probe.lease.release();
      return (await reservedOwners(b, host)).every((o) => !o.startsWith('dead-'));
    }, 5_000, 100);
  });
});
