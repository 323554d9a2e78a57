import { UnrecoverableError, type Job } from 'bullmq';
import { wasDelivered } from '../state/stories.js';
import { recordDelivery } from '../state/history.js';
import { metrics } from '../runtime/metrics.js';
import type { AlertJobData, DeliveryJobData, DigestJobData } from '../runtime/queues.js';
import type { Runtime } from '../runtime/runtime.js';
import { processDigest } from './digest.js';
import { sendToTarget } from './send.js';

/** The log line of an alert or digest that ran out of attempts (logged by the worker's `failed` handler) says what to do about it. */
export const DEAD_LETTERED = 'alert dead-lettered: `newswatch alerts failed` lists it, `newswatch alerts retry ID` sends it again';

/** The deliver-alert queue's processor: one alert at once, or one digest when its window ends. */
export function createAlertProcessor(rt: Runtime) {
  return async function processAlert(job: Job<DeliveryJobData>, token?: string): Promise<string> {
    if (job.data.kind === 'digest') return processDigest(rt, job as Job<DigestJobData>, token);
    const { alertId, webhookId, payload, firstSeenAt } = job.data as AlertJobData;
    const webhook = rt.webhook(webhookId);
    if (!webhook) throw new UnrecoverableError('webhook: no longer in the config');
    if (await wasDelivered(rt.redis, alertId)) {
      metrics.alerts.inc({ outcome: 'duplicate' });
      return 'already delivered';
    }
    // The history shows where each alert went; failing to write that fails no delivery.
    const remember = (delivery: Parameters<typeof recordDelivery>[2]) =>
      recordDelivery(rt.redis, alertId, delivery).catch((err: Error) => rt.log.warn({ alertId, err: err.message }, 'history: could not record the delivery'));
    let sent;
    try {
      sent = await sendToTarget(rt, job, token, webhook, { kind: 'alert', id: alertId, payload });
    } catch (err) {
      if (err instanceof UnrecoverableError) await remember({ outcome: 'dead', at: Date.now(), reason: err.message });
      throw err;
    }
    await remember({ outcome: 'delivered', at: Date.now(), status: sent.status });
    metrics.alertDelay.observe((Date.now() - firstSeenAt) / 1000);
    return 'delivered';
  };
}
