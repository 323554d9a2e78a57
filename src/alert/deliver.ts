import type { WebhookConfig } from '../config/types.js';
import { httpRequest } from '../http/client.js';
import { isHttpError } from '../http/errors.js';
import { parseRetryAfter } from '../http/retry-after.js';
import type { HttpErrorKind, HttpResponse } from '../http/types.js';
import { signedHeaders } from './sign.js';
import { buildSlackMessage } from './slack.js';
import type { AlertPayload, DeliveryOutcome } from './types.js';

/** Receivers answer with a status; their body is only read to free the socket. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Transport failures worth another attempt: the receiver may be back later. */
const RETRYABLE_KINDS = new Set<HttpErrorKind>(['timeout', 'network', 'dns', 'tls', 'too-large', 'decompression']);

export interface DeliverOptions {
  allowPrivateNetworks: boolean;
  /** Signing time; defaults to the current time. */
  now?: Date;
}

/** Statuses retried per SPEC: 408, 429 and every 5xx. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/** What one answer means. Reasons name the status only: the URL may embed a token. */
export function classifyResponse(res: Pick<HttpResponse, 'status' | 'headers'>, nowMs: number): DeliveryOutcome {
  const { status } = res;
  if (status >= 200 && status <= 299) return { kind: 'delivered', status };
  if (isRetryableStatus(status)) {
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], nowMs);
    return {
      kind: 'retry',
      reason: `webhook: receiver answered ${status}`,
      status,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    };
  }
  if (status >= 300 && status <= 399) {
    return { kind: 'dead', reason: `webhook: receiver answered ${status} (redirects are not followed)`, status };
  }
  return { kind: 'dead', reason: `webhook: receiver answered ${status}`, status };
}

/**
 * A transport failure as an outcome. The reason keeps the kind and a system
 * error code (ECONNREFUSED, ...) but never the underlying message, which can
 * quote the URL.
 */
export function classifyFailure(err: unknown): DeliveryOutcome {
  if (isHttpError(err)) {
    const code = /\(([A-Z][A-Z0-9_]+)\)/.exec(err.message)?.[1];
    const reason = `webhook: ${err.kind} error${code ? ` (${code})` : ''}`;
    return RETRYABLE_KINDS.has(err.kind) ? { kind: 'retry', reason } : { kind: 'dead', reason };
  }
  // Not a transport error (a bug or bad options): retrying would fail the same way.
  return { kind: 'dead', reason: `webhook: request failed (${err instanceof Error ? err.name : 'unknown error'})` };
}

/** The request body and headers for the webhook's format. */
function buildRequest(
  webhook: WebhookConfig,
  msgId: string,
  payload: AlertPayload,
  now: Date,
): { body: string; headers: Record<string, string> } {
  if (webhook.format === 'slack') {
    // Slack incoming webhooks take no signature: the URL itself is the secret.
    return { body: JSON.stringify(buildSlackMessage(payload)), headers: { 'content-type': 'application/json' } };
  }
  const body = JSON.stringify(payload);
  if (webhook.secret === undefined) throw new Error('webhook: a standard-format webhook needs a secret');
  return { body, headers: signedHeaders(webhook.secret, msgId, now, body) };
}

/**
 * One delivery attempt: POSTs the alert and sorts the result into delivered /
 * retry / dead. Never throws for anything the receiver or network does; a
 * configuration error (no secret, a malformed secret) is a 'dead' outcome.
 */
export async function deliverAlert(
  webhook: WebhookConfig,
  msgId: string,
  payload: AlertPayload,
  opts: DeliverOptions,
): Promise<DeliveryOutcome> {
  const now = opts.now ?? new Date();
  let request: { body: string; headers: Record<string, string> };
  try {
    request = buildRequest(webhook, msgId, payload, now);
  } catch (err) {
    // Our own messages (webhook:, sign:): they name neither the URL nor the secret.
    const message = err instanceof Error ? err.message : 'cannot build the request';
    return { kind: 'dead', reason: message.startsWith('webhook: ') ? message : `webhook: ${message}` };
  }
  try {
    const res = await httpRequest(webhook.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      timeoutMs: webhook.timeoutMs,
      maxBytes: MAX_RESPONSE_BYTES,
      maxRedirects: 0,
      allowPrivateNetworks: opts.allowPrivateNetworks,
      accept: '*/*',
    });
    return classifyResponse(res, Date.now());
  } catch (err) {
    return classifyFailure(err);
  }
}
