import type { WebhookConfig, WebhookFormat } from '../config/types.js';
import { httpRequest } from '../http/client.js';
import { isHttpError } from '../http/errors.js';
import { parseRetryAfter } from '../http/retry-after.js';
import type { HttpErrorKind, HttpResponse } from '../http/types.js';
import { buildTargetRequest, type TargetRequest } from './formats/index.js';
import { sendEmail } from './smtp.js';
import type { AlertPayload, DeliveryOutcome, OutgoingMessage } from './types.js';

/** Receivers answer with a status; their body is only read for a rate-limit hint and to free the socket. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Transport failures worth another attempt: the receiver may be back later. */
const RETRYABLE_KINDS = new Set<HttpErrorKind>(['timeout', 'network', 'dns', 'tls', 'too-large', 'decompression']);

export interface DeliverOptions {
  /** The config's fetch.allowPrivateNetworks; a target's own allowPrivateNetwork also lifts the guard, for it alone. */
  allowPrivateNetworks: boolean;
  /** Signing time; defaults to the current time. */
  now?: Date;
}

/** Statuses retried per SPEC: 408, 429 and every 5xx. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The service's own "try again in" from a 429 body, where it documents one:
 * Discord `{ "retry_after": seconds }` (a float), Telegram
 * `{ "parameters": { "retry_after": seconds } }`. Undefined otherwise.
 */
export function bodyRetryAfterMs(format: WebhookFormat | undefined, body: Buffer | undefined): number | undefined {
  if (!body || body.length === 0 || (format !== 'discord' && format !== 'telegram')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const obj = parsed as { retry_after?: unknown; parameters?: { retry_after?: unknown } } | null;
  const seconds = format === 'discord' ? obj?.retry_after : obj?.parameters?.retry_after;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
}

/** What one answer means. Reasons name the status only: the URL may embed a token. */
export function classifyResponse(res: Pick<HttpResponse, 'status' | 'headers'> & { body?: Buffer }, nowMs: number, format?: WebhookFormat): DeliveryOutcome {
  const { status } = res;
  if (status >= 200 && status <= 299) return { kind: 'delivered', status };
  if (isRetryableStatus(status)) {
    const retryAfterMs = bodyRetryAfterMs(format, res.body) ?? parseRetryAfter(res.headers['retry-after'], nowMs);
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

/**
 * One delivery attempt of an alert, a test alert or a digest to one target,
 * in the target's format: POST for the web formats, SMTP for email. Sorts the
 * result into delivered / retry / dead and never throws for anything the
 * receiver or network does; a configuration error is a 'dead' outcome.
 */
export async function deliverMessage(webhook: WebhookConfig, message: OutgoingMessage, opts: DeliverOptions): Promise<DeliveryOutcome> {
  const now = opts.now ?? new Date();
  const allowPrivateNetworks = opts.allowPrivateNetworks || webhook.allowPrivateNetwork === true;
  if (webhook.format === 'email') return sendEmail(webhook, message, { allowPrivateNetworks });
  let request: TargetRequest;
  try {
    request = buildTargetRequest(webhook, message, now);
  } catch (err) {
    // Our own messages (webhook:, sign:): they name neither the URL nor the secret.
    const text = err instanceof Error ? err.message : 'cannot build the request';
    return { kind: 'dead', reason: text.startsWith('webhook: ') ? text : `webhook: ${text}` };
  }
  try {
    const res = await httpRequest(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      timeoutMs: webhook.timeoutMs,
      maxBytes: MAX_RESPONSE_BYTES,
      maxRedirects: 0,
      allowPrivateNetworks,
      accept: '*/*',
    });
    return classifyResponse(res, Date.now(), webhook.format);
  } catch (err) {
    return classifyFailure(err);
  }
}

/** One attempt of one `article.matched` alert (kept for callers that have no message yet). */
export function deliverAlert(webhook: WebhookConfig, msgId: string, payload: AlertPayload, opts: DeliverOptions): Promise<DeliveryOutcome> {
  return deliverMessage(webhook, { kind: 'alert', id: msgId, payload }, opts);
}
