import { DelayedError, type Job } from 'bullmq';
import { acquireHostSlot, DEFAULT_HOST_LIMITS, type HostLease, type HostLimits } from '../state/host-limiter.js';
import type { Runtime } from '../runtime/runtime.js';

/** How long a job waits in its worker slot for a busy host before giving the slot back. */
const WAIT_IN_SLOT_MS = 500;

/**
 * A request slot on `host` for this job, or the job goes back to the queue
 * for a moment (BullMQ's DelayedError: no attempt is spent). A job never
 * holds a worker slot idle for long, so one slow host cannot stall the work
 * of every other host.
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
  const lease = await acquireHostSlot(rt.redis, host, { ...DEFAULT_HOST_LIMITS, leaseMs, ...limits }, WAIT_IN_SLOT_MS);
  if (lease) return lease;
  await job.moveToDelayed(Date.now() + 1_000 + Math.floor(Math.random() * 1_000), token);
  throw new DelayedError();
}
