import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks headers for one delivery: `webhook-signature` is
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the
 * base64-decoded part of the `whsec_` secret (the library does the decoding).
 * The body must be sent byte for byte as signed.
 */
export function signedHeaders(secret: string, msgId: string, timestamp: Date, body: string): Record<string, string> {
  let webhook: Webhook;
  try {
    webhook = new Webhook(secret);
  } catch {
    // The library's message may quote the secret; ours must not.
    throw new Error('sign: webhook secret is not a valid whsec_<base64> secret');
  }
  return {
    'content-type': 'application/json',
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': webhook.sign(msgId, timestamp, body),
  };
}
