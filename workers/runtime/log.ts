import { pino, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

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

/**
 * JSON lines for log collectors; on a terminal (or with `pretty: true`)
 * pino-pretty's readable lines instead, written synchronously on this thread
 * so nothing is lost when a command exits. Redaction happens before either.
 */
export function createLogger(level = process.env.LOG_LEVEL || 'info', options: { pretty?: boolean; destination?: NodeJS.WritableStream } = {}): Logger {
  const opts = {
    level,
    base: { service: 'newswatch', pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  if (!pretty) return pino(opts);
  return pino(opts, pinoPretty({ colorize: process.stdout.isTTY === true, ignore: 'service,pid,hostname', translateTime: 'SYS:HH:MM:ss', sync: true, destination: options.destination ?? 1 }));
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
