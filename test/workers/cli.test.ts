import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { describe, expect, it } from 'vitest';
import { writeTestConfig } from '../helpers/config.js';
import { TEST_SECRET } from '../helpers/receiver.js';
import { tempDir } from '../helpers/temp.js';

const SEED = resolve(ROOT, 'test/fixtures/seed/witkoff-al-hayya.html');
const cli = runCli;

const exampleEnv = { ALERT_WEBHOOK_URL: 'https://hooks.example.com/T000/B000/abc', ALERT_WEBHOOK_SECRET: TEST_SECRET };

describe('newswatch CLI', () => {
  it('validate: the example config passes with its variables set and prints a summary', () => {
    const r = cli(['validate', 'config/newswatch.example.yaml'], exampleEnv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Steve Witkoff/);
    expect(r.stdout).not.toContain('abc');
    expect(r.stdout).not.toContain(TEST_SECRET);
  });

  it('validate: a broken config prints every error as FILE:LINE:COL and exits 1', () => {
    const file = 'test/fixtures/config/many-errors.yaml';
    const r = cli(['validate', file]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+:\\d+ `));
  });

  it('run: a broken config stops the worker before anything starts', () => {
    const dir = tempDir('nw-cli-');
    const r = cli(['run'], { CONFIG_PATH: join(ROOT, 'test/fixtures/config/bad-interval.yaml'), REDIS_URL: undefined, PORT: '0' }, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad-interval\.yaml:\d+:\d+ /);
    // No embedded Redis was started: it would have created its data folder.
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('run: without REDIS_URL and without redis-server on the PATH, says how to get one', async () => {
    const config = await writeTestConfig({ feeds: [], webhookUrl: 'http://127.0.0.1:9/hook' });
    const dir = tempDir('nw-cli-');
    // A PATH with node and nothing else (node may live beside redis-server in /usr/bin).
    mkdirSync(join(dir, 'bin'));
    symlinkSync(process.execPath, join(dir, 'bin', 'node'));
    const r = cli(['run'], { CONFIG_PATH: config, REDIS_URL: '', PORT: '0', PATH: join(dir, 'bin') }, dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/redis-server/);
    expect(r.stderr).toMatch(/REDIS_URL/);
  });

  it('schema: prints the JSON Schema of the config', () => {
    const r = cli(['schema']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['feeds', 'watchlists', 'webhooks']));
  });

  it('scan: the seed story flags Witkoff, al-Hayya and Kushner, without Redis', async () => {
    const config = await writeTestConfig({ feeds: [], webhookUrl: 'http://127.0.0.1:9/hook' });
    const r = cli(['scan', SEED, '--config', config, '--url', 'https://news.example.com/world/2026/11/witkoff-al-hayya-meeting'], { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.article.title).toBe('Witkoff set to meet Hamas negotiator Khalil al-Hayya');
    expect(out.article.url).toBe('https://news.example.com/world/2026/11/witkoff-al-hayya-meeting');
    expect(out.article.text).not.toContain('Witkoff set to meet Hamas negotiator');
    expect(out.article.text).toMatch(/\n\n/);
    const ids = out.matches.map((m: { entityId: string }) => m.entityId).sort();
    expect(ids).toEqual(['jared-kushner', 'khalil-al-hayya', 'steve-witkoff']);
  });
});
