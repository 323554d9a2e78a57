import { UnrecoverableError, type Job } from 'bullmq';
import { wasDelivered } from '../state/stories.js';
import { metrics } from '../runtime/metrics.js';
import type { AlertJobData, DeliveryJobData, DigestJobData } from '../runtime/queues.js';
import type { Runtime } from '../runtime/runtime.js';
import { processDigest } from './digest.js';
import { sendToTarget } from './send.js';

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
    await sendToTarget(rt, job, token, webhook, { kind: 'alert', id: alertId, payload });
    metrics.alertDelay.observe((Date.now() - firstSeenAt) / 1000);
    return 'delivered';
  };
}
