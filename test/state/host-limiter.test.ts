import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/http.js';
import { reservedOwners, reserveHostSlots, takeHostSlot, type HostLimits } from '../../workers/state/host-limiter.js';

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
        if (slot.kind === 'reserved') {
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
