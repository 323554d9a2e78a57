import { createTransport } from 'nodemailer';
import type { WebhookConfig } from '../config/types.js';
import { ipLiteralOf, isBlockedAddress, resolveWithSystemDns } from '../http/ssrf.js';
import { renderEmail } from './formats/email.js';
import { digestZone } from './formats/index.js';
import { messageView } from './formats/view.js';
import type { DeliveryOutcome, OutgoingMessage } from './types.js';

/**
 * The email client: one SMTP transaction per message through nodemailer.
 *
 * - The URL is `smtp://user:pass@host:port` (STARTTLS when the server offers
 *   it) or `smtps://…` (TLS from the first byte); user and password are
 *   URL-decoded.
 * - The SSRF policy of the web formats applies: the host is resolved here,
 *   a non-public address is refused unless the target (or fetch) allows
 *   private networks, and nodemailer connects to that very address, with the
 *   host name kept for TLS, so DNS cannot change the answer in between.
 * - The `Message-ID` is derived from the alert id: a retried alert is the same
 *   message to mail clients.
 * - Outcomes: a 4xx SMTP reply or a connection failure is retried; a 5xx reply
 *   (a refused recipient, bad credentials) dead-letters. Reasons carry the
 *   reply code or error code, never the server's text (it may echo the
 *   address or the user name).
 */

const RETRYABLE_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'ETLS']);

interface SmtpTarget {
  host: string;
  port?: number;
  secure: boolean;
  user?: string;
  pass?: string;
}

function parseSmtpUrl(raw: string): SmtpTarget {
  const url = new URL(raw);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('email: the url must be smtp:// or smtps://');
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    ...(url.port !== '' && { port: Number(url.port) }),
    secure: url.protocol === 'smtps:',
    ...(url.username !== '' && { user: decodeURIComponent(url.username) }),
    ...(url.password !== '' && { pass: decodeURIComponent(url.password) }),
  };
}

/** The address to connect to: the first the policy allows, or a refusal naming only the kind of failure. */
async function resolveTarget(host: string, allowPrivate: boolean): Promise<string | DeliveryOutcome> {
  let addresses: string[];
  try {
    addresses = ipLiteralOf(host) !== undefined ? [host] : (await resolveWithSystemDns(host)).map((a) => a.address);
  } catch {
    return { kind: 'retry', reason: 'email: dns error' };
  }
  const usable = allowPrivate ? addresses : addresses.filter((a) => !isBlockedAddress(a));
  if (usable.length === 0) {
    return addresses.length === 0
      ? { kind: 'retry', reason: 'email: dns error' }
      : { kind: 'dead', reason: 'email: refusing to connect to a non-public address (set allowPrivateNetwork: true on this target for a relay on your network)' };
  }
  return usable[0]!;
}

export function classifySmtpError(err: unknown): DeliveryOutcome {
  const e = err as { code?: unknown; responseCode?: unknown } | undefined;
  const responseCode = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  const code = typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(e.code) ? e.code : undefined;
  if (responseCode !== undefined) {
    const reason = `email: server answered ${responseCode}${code ? ` (${code})` : ''}`;
    return responseCode >= 400 && responseCode < 500 ? { kind: 'retry', reason, status: responseCode } : { kind: 'dead', reason, status: responseCode };
  }
  const reason = `email: ${code ? `${code} error` : 'send failed'}`;
  return code !== undefined && RETRYABLE_CODES.has(code) ? { kind: 'retry', reason } : { kind: 'dead', reason };
}

export async function sendEmail(webhook: WebhookConfig, message: OutgoingMessage, opts: { allowPrivateNetworks: boolean }): Promise<DeliveryOutcome> {
  let target: SmtpTarget;
  try {
    target = parseSmtpUrl(webhook.url);
  } catch {
    return { kind: 'dead', reason: 'email: the url must be smtp:// or smtps://' };
  }
  if (!webhook.from || !webhook.to || webhook.to.length === 0) return { kind: 'dead', reason: 'email: a target needs from and to' };
  const address = await resolveTarget(target.host, opts.allowPrivateNetworks);
  if (typeof address !== 'string') return address;

  const content = renderEmail(messageView(message, digestZone(webhook)));
  const transport = createTransport({
    host: address,
    ...(target.port !== undefined && { port: target.port }),
    secure: target.secure,
    ...(target.user !== undefined && { auth: { user: target.user, pass: target.pass ?? '' } }),
    // Certificates are checked against the name in the URL, not the address we connect to.
    tls: { servername: ipLiteralOf(target.host) === undefined ? target.host : undefined },
    connectionTimeout: webhook.timeoutMs,
    greetingTimeout: webhook.timeoutMs,
    socketTimeout: webhook.timeoutMs,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  let timer: NodeJS.Timeout | undefined;
  // The socket timeouts are per step; this is the whole transaction's deadline.
  const deadline = new Promise<DeliveryOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'retry', reason: 'email: timeout error' }), webhook.timeoutMs + 1_000);
  });
  const kind = message.kind === 'digest' ? 'digest' : message.payload.type;
  const send = transport
    .sendMail({
      from: webhook.from,
      to: webhook.to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: `<${message.id}@newswatch>`,
      headers: { 'X-Newswatch-Type': kind },
    })
    .then((info): DeliveryOutcome => {
      const accepted = (info.accepted as unknown[]).length;
      return accepted > 0 ? { kind: 'delivered', status: 250 } : { kind: 'dead', reason: 'email: every recipient was refused' };
    }, classifySmtpError);
  try {
    return await Promise.race([send, deadline]);
  } finally {
    clearTimeout(timer);
    transport.close();
  }
}
