import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, summarizeConfig } from '../../src/config/index.js';
import { ENV, fixturePath } from './helpers.js';
import { tempDir } from '../helpers/temp.js';

const example = fileURLToPath(new URL('../../config/newswatch.example.yaml', import.meta.url));

describe('loadConfigFile', () => {
  it('loads a valid file with the given env', async () => {
    const c = await loadConfigFile(fixturePath('valid.yaml'), ENV);
    expect(c.feeds).toHaveLength(2);
  });

  it('throws ConfigError listing every issue as FILE:LINE:COL message', async () => {
    const file = fixturePath('bad-url.yaml');
    const err = await loadConfigFile(file, ENV).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const ce = err as ConfigError;
    expect(ce.issues).toHaveLength(3);
    expect(ce.message.split('\n')).toEqual([
      `${file}:2:10 feeds[0].url: must be an http:// or https:// URL`,
      `${file}:3:10 feeds[1].url: must be an http:// or https:// URL`,
      `${file}:8:10 webhooks[0].url: must be an http://, https://, smtp:// or smtps:// URL`,
    ]);
  });

  it('a missing file is a ConfigError at 1:1', async () => {
    const file = join(tmpdir(), 'newswatch-no-such-config.yaml');
    await expect(loadConfigFile(file, {})).rejects.toThrow(new ConfigError([{ file, line: 1, col: 1, message: 'file not found' }]));
  });

  it('a directory is a ConfigError too', async () => {
    const dir = tempDir('newswatch-config-');
    const err = (await loadConfigFile(dir, {}).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(`${dir}:1:1 is a directory, not a file`);
  });

  it('an empty file is a ConfigError, not a crash', async () => {
    const file = join(tempDir('newswatch-config-'), 'empty.yaml');
    writeFileSync(file, '');
    await expect(loadConfigFile(file, {})).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('config/newswatch.example.yaml', () => {
  it('parses once ALERT_WEBHOOK_URL and ALERT_WEBHOOK_SECRET are set', async () => {
    const c = await loadConfigFile(example, { ALERT_WEBHOOK_URL: ENV.ALERT_WEBHOOK_URL, ALERT_WEBHOOK_SECRET: ENV.ALERT_WEBHOOK_SECRET });
    expect(c.feeds.length).toBeGreaterThanOrEqual(7);
    expect(c.defaults.interval).toEqual({ kind: 'auto' });
    const mideast = c.watchlists.find((w) => w.id === 'mideast');
    expect(mideast?.notify).toEqual(['ops']);
    expect(mideast?.entities.map((e) => e.id)).toEqual(['steve-witkoff', 'khalil-al-hayya', 'jared-kushner']);
    expect(mideast?.entities[1]?.aliases).toContain('خليل الحية');
    expect(c.webhooks[0]).toMatchObject({ id: 'ops', url: ENV.ALERT_WEBHOOK_URL, secret: ENV.ALERT_WEBHOOK_SECRET });
    expect(summarizeConfig(c)).toMatch(/^\d+ feeds, 1 watchlist, 3 entities, 1 webhook/);
  });

  it('names both variables when they are not set', async () => {
    const err = (await loadConfigFile(example, {}).catch((e: unknown) => e)) as ConfigError;
    expect(err.issues.map((i) => i.message)).toEqual([
      'webhooks[0].url: environment variable ALERT_WEBHOOK_URL is not set',
      'webhooks[0].secret: environment variable ALERT_WEBHOOK_SECRET is not set',
    ]);
  });
});
