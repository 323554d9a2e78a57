import { UnrecoverableError, type Job } from 'bullmq';
import { deliverAlert } from '../../src/alert/deliver.js';
import { markDelivered, wasDelivered } from '../state/stories.js';
import { recordDelivery } from '../state/history.js';
import { metrics } from '../runtime/metrics.js';
import type { AlertJobData } from '../runtime/queues.js';
import type { Runtime } from '../runtime/runtime.js';
import { RetryLaterError } from './errors.js';
import { holdHostSlot } from './host-slot.js';

/**
 * At most this many deliveries to one webhook at once, across processes, so
 * a webhook that hangs for its whole timeout ties up two worker slots, not all
 * of them, and the other webhooks' alerts go on.
 */
const WEBHOOK_CONCURRENCY = 2;

export function createAlertProcessor(rt: Runtime) {
  return async function processAlert(job: Job<AlertJobData>, token?: string): Promise<string> {
    const { alertId, webhookId } = job.data;
    const webhook = rt.webhook(webhookId);
    if (!webhook) throw new UnrecoverableError('webhook: no longer in the config');
    if (await wasDelivered(rt.redis, alertId)) {
      metrics.alerts.inc({ outcome: 'duplicate' });
      return 'already delivered';
    }
    const lease = await holdHostSlot(rt, job, token, `webhook:${webhookId}`, {
      maxConcurrent: WEBHOOK_CONCURRENCY,
      gapMs: 0,
      leaseMs: webhook.timeoutMs + 5_000,
    });
    let outcome;
    try {
      outcome = await deliverAlert(webhook, alertId, job.data.payload, {
        allowPrivateNetworks: rt.config.fetch.allowPrivateNetworks,
      });
    } finally {
      await lease.release();
    }
    const log = rt.log.child({ alertId, webhookId, attempt: job.attemptsMade + 1 });
    switch (outcome.kind) {
      case 'delivered':
        await markDelivered(rt.redis, alertId);
        await recordDelivery(rt.redis, alertId, { outcome: 'delivered', at: Date.now(), status: outcome.status }).catch((err: Error) =>
          log.warn({ err: err.message }, 'history: could not record the delivery'),
        );
        metrics.alerts.inc({ outcome: 'delivered' });
        metrics.alertDelay.observe((Date.now() - job.data.firstSeenAt) / 1000);
        log.info({ status: outcome.status }, 'alert delivered');
        return 'delivered';
      case 'retry':
        log.warn({ reason: outcome.reason, status: outcome.status, retryAfterMs: outcome.retryAfterMs }, 'alert delivery failed: will retry');
        throw new RetryLaterError(outcome.reason, outcome.retryAfterMs);
      case 'dead':
        log.error({ reason: outcome.reason, status: outcome.status }, 'alert refused by its webhook: dead-lettered');
        await recordDelivery(rt.redis, alertId, { outcome: 'dead', at: Date.now(), reason: outcome.reason, ...(outcome.status !== undefined && { status: outcome.status }) })
          .catch((err: Error) => log.warn({ err: err.message }, 'history: could not record the delivery'));
        throw new UnrecoverableError(outcome.reason);
    }
  };
}
