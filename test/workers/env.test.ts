import { describe, expect, it } from 'vitest';
import { EnvError, readEnv } from '../../workers/runtime/env.js';

describe('environment variables, checked at start', () => {
  it('defaults when unset or empty', () => {
    expect(readEnv({ PORT: '', LOG_LEVEL: '' })).toEqual({ CONFIG_PATH: 'config/newswatch.yaml', PORT: 8080, HOST: '0.0.0.0', LOG_LEVEL: 'info' });
  });

  it('reads good values', () => {
    const env = readEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', NEWSWATCH_STALLED_CHECK_MS: '2000', REDIS_URL: 'rediss://h:6380', CONFIG_PATH: '/c.yaml' });
    expect(env).toMatchObject({ PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'debug', NEWSWATCH_STALLED_CHECK_MS: 2000, REDIS_URL: 'rediss://h:6380', CONFIG_PATH: '/c.yaml' });
  });

  it('names every bad variable at once, with its value (secrets excepted)', () => {
    let err: unknown;
    try {
      readEnv({ PORT: 'abc', LOG_LEVEL: 'loud', NEWSWATCH_STALLED_CHECK_MS: 'abc', REDIS_URL: 'http://user:pw@host' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    const lines = (err as Error).message.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'env: PORT must be a whole number (got "abc")',
        'env: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
        'env: NEWSWATCH_STALLED_CHECK_MS must be a whole number (got "abc")',
        'env: REDIS_URL must start with redis:// or rediss://',
      ]),
    );
    expect((err as Error).message).not.toContain('pw');
  });

  it('refuses a port out of range', () => {
    expect(() => readEnv({ PORT: '70000' })).toThrow('env: PORT must be between 0 and 65535 (got "70000")');
  });
});
