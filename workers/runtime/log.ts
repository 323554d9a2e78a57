import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino censors wherever they appear in a log line. Webhook URLs often
 * embed tokens (Slack, Discord), so the whole URL of a webhook is secret, not
 * just its `secret` field.
 */
const REDACT_PATHS = [
  'secret',
  '*.secret',
  '*.*.secret',
  'webhook.url',
  'webhooks[*].url',
  'webhooks[*].secret',
  'config.webhooks[*].url',
  'config.webhooks[*].secret',
  'token',
  '*.token',
  'webhooks[*].token',
  'config.webhooks[*].token',
  'redisUrl',
  'password',
  '*.password',
  'headers.authorization',
  '*.headers.authorization',
  'headers["webhook-signature"]',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'newswatch', pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Hides the password of a redis:// URL before it goes anywhere near a log. */
export function redactUrlCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
