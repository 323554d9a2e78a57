import { randomUUID } from 'node:crypto';
import { DelayedError, type Job } from 'bullmq';
import { DEFAULT_HOST_LIMITS, takeHostSlot, type HostLease, type HostLimits } from '../state/host-limiter.js';
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
  // A lease outlives the request it covers by a margin, and no more: a crashed worker's hosts free up soon.
  const leaseMs = rt.config.fetch.timeoutMs + 5_000;
  const slot = await takeHostSlot(rt.redis, host, job.id ?? randomUUID(), { ...DEFAULT_HOST_LIMITS, leaseMs, ...limits });
  if (slot.kind === 'lease') return slot.lease;
  // The wait is on Redis's clock; BullMQ's delay on this process's: only the difference matters.
  await job.moveToDelayed(Date.now() + slot.inMs, token);
  throw new DelayedError();
}
