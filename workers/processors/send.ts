import { UnrecoverableError, type Job } from 'bullmq';
import { deliverMessage } from '../../src/alert/deliver.js';
import { sendingPaceMs } from '../../src/alert/formats/index.js';
import type { OutgoingMessage } from '../../src/alert/types.js';
import type { WebhookConfig } from '../../src/config/types.js';
import { markDelivered } from '../state/stories.js';
import { metrics } from '../runtime/metrics.js';
import type { Runtime } from '../runtime/runtime.js';
import { RetryLaterError } from './errors.js';
import { holdHostSlot } from './host-slot.js';

/**
 * At most this many deliveries to one target at once, across processes, so
 * a target that hangs for its whole timeout ties up two worker slots, not all
 * of them, and the other targets' alerts go on.
 */
const WEBHOOK_CONCURRENCY = 2;

/**
 * Sends one alert or digest to its target and turns the outcome into the
 * queue's: delivered → done (and remembered, so a re-queued copy is not sent
 * again), retry → RetryLaterError (the service's own retry hint rides along
 * to the backoff), dead → UnrecoverableError (the job becomes a dead letter).
 */
export async function sendToTarget(
  rt: Runtime,
  job: Job,
  token: string | undefined,
  webhook: WebhookConfig,
  message: OutgoingMessage,
  fields: Record<string, unknown> = {},
): Promise<{ delivered: true; status: number }> {
  const lease = await holdHostSlot(rt, job, token, `webhook:${webhook.id}`, {
    maxConcurrent: WEBHOOK_CONCURRENCY,
    // Paced to the service's rate across processes; a job that must wait goes back to the queue without spending an attempt.
    gapMs: sendingPaceMs(webhook),
    leaseMs: webhook.timeoutMs + 5_000,
    // The leased name is the target, not the host a request goes to: nothing says when it leaves.
    localGap: false,
  });
  let outcome;
  try {
    outcome = await deliverMessage(webhook, message, { allowPrivateNetworks: rt.config.fetch.allowPrivateNetworks });
  } finally {
    await lease.release();
  }
  const what = message.kind;
  const log = rt.log.child({ [what === 'digest' ? 'digestId' : 'alertId']: message.id, webhookId: webhook.id, format: webhook.format, attempt: job.attemptsMade + 1, ...fields });
  switch (outcome.kind) {
    case 'delivered':
      await markDelivered(rt.redis, message.id);
      metrics.alerts.inc({ outcome: 'delivered' });
      log.info({ status: outcome.status }, `${what} delivered`);
      return { delivered: true, status: outcome.status };
    case 'retry': {
      const attempts = job.opts.attempts ?? 1;
      const failure = { reason: outcome.reason, status: outcome.status, attempts };
      if (job.attemptsMade + 1 >= attempts) {
        // No "will retry" here: BullMQ dead-letters the job after this throw (logged, with what to do, by the worker's `failed` handler).
        log.warn(failure, `${what} delivery failed on its last attempt`);
      } else {
        log.warn({ ...failure, retryAfterMs: outcome.retryAfterMs, see: '`newswatch alerts retrying`' }, `${what} delivery failed: will retry`);
      }
      throw new RetryLaterError(outcome.reason, outcome.retryAfterMs);
    }
    case 'dead':
      log.error({ reason: outcome.reason, status: outcome.status }, `${what} refused by its webhook: dead-lettered`);
      throw new UnrecoverableError(outcome.reason);
  }
}
