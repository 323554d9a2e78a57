import { randomUUID } from 'node:crypto';
import { DelayedError, type Job } from 'bullmq';
import { DEFAULT_HOST_LIMITS, reserveHostSlots, takeHostSlot, type HostLease, type HostLimits } from '../state/host-limiter.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * A request slot on `host` for this job, or, when the host cannot take a
 * request now, a reserved start on the host's schedule: the job goes to the
 * delayed set until exactly then (BullMQ's DelayedError: no attempt is
 * spent), its worker slot goes to a host that can be fetched now, and it
 * takes its turn when it wakes. The reservation is the job's own (its id), so
 * the jobs of a busy host wake one gap apart in the order they came.
 */
export async function holdHostSlot(
  rt: Runtime,
  job: Job,
  token: string | undefined,
  host: string,
  limits: Partial<HostLimits> = {},
): Promise<HostLease> {
  const slot = await takeHostSlot(rt.redis, host, job.id ?? randomUUID(), { ...fetchLimits(rt), ...limits });
  if (slot.kind === 'lease') return slot.lease;
  // The wait is on Redis's clock; BullMQ's delay on this process's: only the difference matters.
  await job.moveToDelayed(Date.now() + slot.inMs, token);
  throw new DelayedError();
}

/** The limits of a host that feeds and pages are fetched from. */
function fetchLimits(rt: Runtime): HostLimits {
  // A lease outlives the request it covers by a margin, and no more: a crashed worker's hosts free up soon.
  // Feed and page fetches say when their request leaves (onLeaving), so the gap also holds from that moment.
  return { ...DEFAULT_HOST_LIMITS, leaseMs: rt.config.fetch.timeoutMs + 5_000, localGap: true };
}

/**
 * Reserves each new job's turn on its host before it is queued (one round
 * trip for all hosts): returns each job id's delay, so the jobs of a busy
 * host go straight to the delayed set and wake one by one at their turn,
 * instead of each taking a worker slot first only to be put back.
 */
export async function reserveTurns(rt: Runtime, jobs: Array<{ id: string; link: string }>): Promise<Map<string, number>> {
  const byHost = new Map<string, string[]>();
  for (const { id, link } of jobs) {
    const host = new URL(link).host.toLowerCase();
    let ids = byHost.get(host);
    if (!ids) byHost.set(host, (ids = []));
    ids.push(id);
  }
  const delays = await reserveHostSlots(rt.redis, byHost, fetchLimits(rt));
  const out = new Map<string, number>();
  for (const [host, ids] of byHost) ids.forEach((id, i) => out.set(id, delays.get(host)?.[i] ?? 0));
  return out;
}
