import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../redis/connect.js';
import { keys } from './keys.js';
import { ACQUIRE_LUA, RELEASE_LUA, RESERVE_LUA } from './host-limiter-lua.js';
import { takeLocalStart } from './local-gap.js';

export interface HostLimits {
  /** Requests in flight to one host at once, across every worker process. */
  maxConcurrent: number;
  /** Smallest gap between two request starts to one host. */
  gapMs: number;
  /** A lease not released by then (a crashed worker) frees itself. */
  leaseMs: number;
  /** A reserved start nobody claimed this long after its time (its worker crashed) is forgotten; default RESERVATION_TTL_MS. */
  reservationTtlMs?: number;
  /**
   * Also keep the gap in this process from when each request really leaves
   * (local-gap.ts). Only for callers that call the lease's `leaving` as the
   * request goes out (HttpRequestOptions.onLeaving): a lease that never says
   * so holds its host back in this process for LOCAL_HOLD_MS.
   */
  localGap?: boolean;
}

export const DEFAULT_HOST_LIMITS: HostLimits = { maxConcurrent: 2, gapMs: 250, leaseMs: 60_000 };

/** A reserved slot nobody claimed this long after its time (its worker crashed) is forgotten. */
export const RESERVATION_TTL_MS = 60_000;
/** The longest a caller waits in place for its slot; a longer wait is a reservation instead. */
export const MAX_WAIT_IN_PLACE_MS = 50;

export interface HostLease {
  /** Call synchronously just before the request goes out (HttpRequestOptions.onLeaving). */
  leaving(): void;
  release(): Promise<void>;
}

/**
 * What the limiter answered: a lease now, or a reserved start on the host's
 * schedule `inMs` from now (on Redis's clock; the caller sleeps until then
 * without holding anything, and asks again with the same `owner`).
 */
export type HostSlot = { kind: 'lease'; lease: HostLease } | { kind: 'reserved'; inMs: number } | { kind: 'later'; inMs: number };

type LimiterRedis = RedisClient & {
  newswatchHostAcquire(leases: string, pace: string, reserved: string, ...args: Array<string | number>): Promise<[number, number]>;
  newswatchHostRelease(leases: string, pace: string, token: string, leaseMs: number): Promise<number>;
  newswatchHostReserve(leases: string, pace: string, reserved: string, ...args: Array<string | number>): Promise<number[]>;
};

function withCommands(redis: RedisClient): LimiterRedis {
  const r = redis as LimiterRedis;
  if (typeof r.newswatchHostAcquire !== 'function') {
    redis.defineCommand('newswatchHostAcquire', { numberOfKeys: 3, lua: ACQUIRE_LUA });
    redis.defineCommand('newswatchHostRelease', { numberOfKeys: 2, lua: RELEASE_LUA });
    redis.defineCommand('newswatchHostReserve', { numberOfKeys: 3, lua: RESERVE_LUA });
  }
  return r;
}

const hostKeys = (host: string) => {
  const h = host.toLowerCase();
  return [keys.hostLeases(h), keys.hostPace(h), keys.hostReserved(h)] as const;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A request slot on `host` for `owner` (a job id): a lease when the host can
 * take a request now, else a reservation of the next free start on the host's
 * schedule. Asking again as the same owner at (or after) the reserved time
 * takes the lease. Short waits (the host's gap not quite passed when the
 * reserved time comes) are slept in place, so a job that is a few ms early or
 * late keeps its turn.
 */
export async function takeHostSlot(
  redis: RedisClient,
  host: string,
  owner: string,
  limits: HostLimits = DEFAULT_HOST_LIMITS,
  /** Reserve nothing further ahead than this: answer 'later' instead. */
  maxAheadMs = Number.MAX_SAFE_INTEGER,
): Promise<HostSlot> {
  const r = withCommands(redis);
  const [leasesKey, paceKey, reservedKey] = hostKeys(host);
  const token = randomUUID();
  for (;;) {
    const [code, ms] = await r.newswatchHostAcquire(
      leasesKey,
      paceKey,
      reservedKey,
      limits.maxConcurrent,
      limits.gapMs,
      limits.leaseMs,
      token,
      owner,
      MAX_WAIT_IN_PLACE_MS,
      limits.reservationTtlMs ?? RESERVATION_TTL_MS,
      Math.max(0, Math.floor(maxAheadMs)),
    );
    if (code === 3) return { kind: 'later', inMs: ms };
    if (code === 0) {
      // Redis granted the start; the gap also holds from when this process's requests really leave (local-gap.ts).
      const start = limits.localGap === true ? await takeLocalStart(host.toLowerCase(), limits.gapMs) : undefined;
      return {
        kind: 'lease',
        lease: {
          leaving: () => start?.leaving(),
          release: async () => {
            start?.leaving();
            await r.newswatchHostRelease(leasesKey, paceKey, token, limits.leaseMs);
          },
        },
      };
    }
    if (code === 2) return { kind: 'reserved', inMs: ms };
    await sleep(ms);
  }
}

/**
 * Reserves the next free starts on each host's schedule for jobs about to be
 * queued (owners in queue order, per host), in one round trip: returns, per
 * host, each owner's ms from now. A job queued with that delay wakes at its
 * turn and takes its lease at once; one whose worker never comes leaves a
 * gap in the schedule and nothing else (the reservation expires).
 */
export async function reserveHostSlots(
  redis: RedisClient,
  owners: Map<string, string[]>,
  limits: HostLimits = DEFAULT_HOST_LIMITS,
): Promise<Map<string, number[]>> {
  const r = withCommands(redis);
  const hosts = [...owners.keys()];
  if (hosts.length === 0) return new Map();
  const pipeline = r.pipeline() as unknown as { newswatchHostReserve(...args: Array<string | number>): unknown; exec(): Promise<Array<[Error | null, unknown]> | null> };
  for (const host of hosts) {
    pipeline.newswatchHostReserve(...hostKeys(host), limits.maxConcurrent, limits.gapMs, limits.leaseMs, limits.reservationTtlMs ?? RESERVATION_TTL_MS, ...owners.get(host)!);
  }
  const results = (await pipeline.exec()) ?? [];
  return new Map(
    hosts.map((host, i) => {
      const [err, delays] = results[i] ?? [new Error('host limiter: no reply')];
      if (err) throw err;
      return [host, delays as number[]];
    }),
  );
}

/**
 * Waits for a request slot on `host`, at most `maxWaitMs`, sleeping between
 * reserved turns. For callers outside the queues (a test, a command); queue
 * jobs use takeHostSlot and go to the delayed set instead of sleeping.
 */
export async function acquireHostSlot(
  redis: RedisClient,
  host: string,
  limits: HostLimits = DEFAULT_HOST_LIMITS,
  maxWaitMs = 10_000,
): Promise<HostLease | undefined> {
  const owner = randomUUID();
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const remaining = deadline - Date.now();
    const slot = await takeHostSlot(redis, host, owner, limits, Math.max(0, remaining));
    if (slot.kind === 'lease') return slot.lease;
    if (remaining <= 0) {
      await cancelReservation(redis, host, owner);
      return undefined;
    }
    // A turn within the wait is kept; one beyond it is asked for again once, at the deadline.
    await sleep(Math.max(1, Math.min(slot.inMs, remaining)));
  }
}

/** Gives a reserved start back (its owner will not come). */
export async function cancelReservation(redis: RedisClient, host: string, owner: string): Promise<void> {
  await redis.zrem(hostKeys(host)[2], owner);
}

/** The owners holding a reserved start on `host` (for tests and diagnostics). */
export async function reservedOwners(redis: RedisClient, host: string): Promise<string[]> {
  return redis.zrange(hostKeys(host)[2], '0', '-1');
}
