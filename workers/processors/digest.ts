import { UnrecoverableError, type Job } from 'bullmq';
import { digestId, digestWindowAt, nextDigestWindow, type DigestWindow } from '../../src/alert/digest-window.js';
import type { AlertPayload, DigestPayload } from '../../src/alert/types.js';
import type { WebhookConfig } from '../../src/config/types.js';
import { gatherAlert, sealDigest } from '../state/digests.js';
import { wasDelivered } from '../state/stories.js';
import { metrics } from '../runtime/metrics.js';
import type { DigestJobData } from '../runtime/queues.js';
import type { Runtime } from '../runtime/runtime.js';
import { WEBHOOK_BACKOFF } from './backoffs.js';
import { sendToTarget } from './send.js';
import { recordDelivery } from '../state/history.js';

/** A window is sealed only once its job ran; more than a couple in a row means clocks far apart. */
const MAX_SEALED_WINDOWS = 3;

/**
 * Gathers one alert for a digest target: into the window it was queued in
 * (or, when that window was already sent, the next), and makes sure the
 * window's job exists, delayed to the window's end. The job id is
 * digest_<webhookId>_<start>, so every alert of the window, every process and
 * every restart names the same job and BullMQ keeps one.
 */
export async function gatherForDigest(
  rt: Runtime,
  webhook: WebhookConfig & { digest: NonNullable<WebhookConfig['digest']> },
  alert: { alertId: string; payload: AlertPayload },
  nowMs = Date.now(),
): Promise<string> {
  let window: DigestWindow = digestWindowAt(webhook.digest, nowMs);
  for (let tries = 1; !(await gatherAlert(rt.redis, webhook.id, window, { alertId: alert.alertId, data: alert.payload.data, queuedAt: nowMs })); tries++) {
    if (tries >= MAX_SEALED_WINDOWS) throw new Error('digest: every window tried was already sent (are the clocks of the workers far apart?)');
    window = nextDigestWindow(webhook.digest, window);
  }
  const id = digestId(webhook.id, window.start);
  const data: DigestJobData = { kind: 'digest', webhookId: webhook.id, window };
  await rt.queues.alert.add('digest', data, {
    jobId: id,
    delay: Math.max(0, window.end - Date.now()),
    attempts: webhook.retry.attempts,
    backoff: { type: WEBHOOK_BACKOFF },
  });
  return id;
}

/** The digest's body for format standard (the other formats render the same content their way). */
export function buildDigestPayload(webhookId: string, window: DigestWindow, alerts: DigestPayload['data']['alerts']): DigestPayload {
  return {
    type: 'digest',
    timestamp: new Date(window.end).toISOString(),
    data: { webhook: { id: webhookId }, window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() }, alerts },
  };
}

/**
 * Runs when the window ends: seals it, and sends its alerts as one message
 * through the same path as an alert (retries, 429 hints, dead letters). An
 * empty window sends nothing. A retry re-reads the sealed window, which no
 * alert can join any more, so it sends the same digest under the same id.
 */
export async function processDigest(rt: Runtime, job: Job<DigestJobData>, token?: string): Promise<string> {
  const { webhookId, window } = job.data;
  const webhook = rt.webhook(webhookId);
  if (!webhook) throw new UnrecoverableError('webhook: no longer in the config');
  const id = digestId(webhookId, window.start);
  if (await wasDelivered(rt.redis, id)) {
    metrics.alerts.inc({ outcome: 'duplicate' });
    return 'already delivered';
  }
  const alerts = await sealDigest(rt.redis, webhookId, window);
  if (alerts.length === 0) return 'empty window: nothing sent';
  const payload = buildDigestPayload(webhookId, window, alerts.map((a) => a.data));
  const sent = await sendToTarget(rt, job, token, webhook, { kind: 'digest', id, payload }, { alerts: alerts.length });
  // The history shows each alert delivered when its digest was.
  const at = Date.now();
  await Promise.all(alerts.map((a) => recordDelivery(rt.redis, a.alertId, { outcome: 'delivered', at, status: sent.status })))
    .catch((err: Error) => rt.log.warn({ digestId: id, err: err.message }, 'history: could not record the deliveries'));
  return `digest of ${alerts.length} alert(s) delivered`;
}
