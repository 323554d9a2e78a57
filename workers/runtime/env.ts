import { z } from 'zod';

/**
 * The environment variables newswatch reads, checked once at start-up so a
 * typo stops the command with a sentence instead of running on NaN
 * (`NEWSWATCH_STALLED_CHECK_MS=abc`) or a level pino does not know.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Unset and empty both mean "not given", as in the shell habit `VAR= cmd`. */
const optionalText = z.string().optional().transform((v) => (v === undefined || v === '' ? undefined : v));

const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const envSchema = z.object({
  CONFIG_PATH: optionalText.transform((v) => v ?? 'config/newswatch.yaml'),
  REDIS_URL: optionalText.refine((v) => v === undefined || /^rediss?:\/\/./i.test(v), 'REDIS_URL must start with redis:// or rediss://'),
  PORT: optionalText.pipe(wholeNumber('PORT', 0, 65_535).optional()).transform((v) => v ?? 8080),
  // The default binds every interface, as before HOST existed (containers need it); 127.0.0.1 keeps it local.
  HOST: optionalText.transform((v) => v ?? '0.0.0.0'),
  LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS, `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`).optional()).transform((v) => v ?? 'info'),
  ADMIN_PASSWORD: optionalText,
  NEWSWATCH_STALLED_CHECK_MS: optionalText.pipe(wholeNumber('NEWSWATCH_STALLED_CHECK_MS', 100, 3_600_000).optional()),
});

export type WorkerEnv = z.output<typeof envSchema>;

export class EnvError extends Error {
  override readonly name = 'EnvError';
}

/** Reads and checks the environment; throws EnvError naming every bad variable (never echoing REDIS_URL or ADMIN_PASSWORD). */
export function readEnv(env: Record<string, string | undefined> = process.env): WorkerEnv {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => {
    const name = String(i.path[0] ?? '');
    const shown = name === 'REDIS_URL' || name === 'ADMIN_PASSWORD' ? '' : ` (got "${env[name]}")`;
    return `env: ${i.message.startsWith(name) ? i.message : `${name}: ${i.message}`}${shown}`;
  });
  throw new EnvError(lines.join('\n'));
}
