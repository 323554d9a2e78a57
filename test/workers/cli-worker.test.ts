import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.js';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';
import { startNewsSite } from '../helpers/news-site.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';

/**
 * `newswatch run` on its embedded Redis in a fresh folder, then what the
 * other commands do around it: a second run, feeds, alerts; and after it stops.
 */
describe('newswatch run, a second run, feeds and alerts around it', { timeout: 120_000 }, () => {
  const dir = tempDir('nw-cli-worker-');
  const dataDir = join(dir, 'data', 'redis');
  let worker: ChildProcess;
  let exited: Promise<number | null>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let configPath: string;
  let brokenFeed: string;
  const env = () => ({ CONFIG_PATH: configPath, REDIS_URL: '', PORT: '0' });

  beforeAll(async () => {
    site = await startNewsSite();
    // The receiver fails every delivery, so the alert stays retrying (a long backoff keeps it there).
    receiver = await startReceiver({ respond: () => ({ status: 503 }) });
    site.setFeed('/ok.xml', [{ slug: 'retrying-envoy', title: 'Envoy heads to Cairo', paragraphs: ['Steve Witkoff, the U.S. special envoy, will travel to Cairo next week for talks on the ceasefire, officials said on Tuesday. Witkoff is expected to meet Egyptian and Qatari mediators.'] }]);
    brokenFeed = site.feedUrl('/missing.xml');
    configPath = await writeTestConfig({
      feeds: [{ url: site.feedUrl('/ok.xml'), interval: '10s' }, { url: brokenFeed, interval: '10s' }],
      webhookUrl: `${receiver.url}/hook`,
      retry: '    retry: { attempts: 5, initialDelay: 10m, maxDelay: 1h }',
    });
    worker = spawnCli(['run'], env(), dir);
    exited = new Promise((r) => worker.once('exit', (code) => r(code)));
    await waitFor(() => existsSync(join(dataDir, 'newswatch-redis.url')) && readFileSync(join(dataDir, 'newswatch-redis.url'), 'utf8').startsWith('redis://'), 45_000);
  }, 60_000);

  afterAll(async () => {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await site?.close();
    await receiver?.close();
  });

  it('a second run on the same data folder exits 1 naming the first, and touches nothing', () => {
    const urlFile = join(dataDir, 'newswatch-redis.url');
    const before = { text: readFileSync(urlFile, 'utf8'), mtime: statSync(urlFile).mtimeMs };
    const second = runCli(['run'], env(), dir);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`a worker is already running on data/redis (pid ${worker.pid})`);
    expect({ text: readFileSync(urlFile, 'utf8'), mtime: statSync(urlFile).mtimeMs }).toEqual(before);
    expect(readFileSync(join(dataDir, 'newswatch.lock'), 'utf8').trim()).toBe(String(worker.pid));
  });

  it("feeds reads the running worker's Redis: the error's reason, and a warning for a config it does not run", async () => {
    let out: { feeds: Array<{ url: string; lastOutcome?: string; lastError?: string; scheduled: boolean }>; warnings: string[] } | undefined;
    await waitFor(() => {
      const r = runCli(['feeds', '--json'], env(), dir);
      expect(r.code, r.stderr).toBe(0);
      out = JSON.parse(r.stdout);
      return out!.feeds.every((f) => f.lastOutcome !== undefined);
    }, 40_000, 500);
    const broken = out!.feeds.find((f) => f.url === brokenFeed)!;
    expect(broken.lastOutcome).toBe('error');
    // A 404, or a timeout when the machine is very busy: either way the reason, not a bare "error".
    expect(broken.lastError).toMatch(/^fetch: |404/);
    expect(out!.warnings).toEqual([]);

    const table = runCli(['feeds'], env(), dir);
    expect(table.stdout).toContain(`error: ${broken.lastError!.slice(0, 20)}`);

    const other = await writeTestConfig({ feeds: [{ url: site.feedUrl('/ok.xml'), interval: '10s' }], webhookUrl: `${receiver.url}/hook` });
    const r = runCli(['feeds', '--config', other], env(), dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: the worker polls 1 feed\(s\) that .* does not list: is it running on another config\?/);
  });

  it('alerts retrying lists the alert waiting for its next attempt; alerts failed has none', async () => {
    await waitFor(() => receiver.attempts.length >= 1, 30_000);
    let rows: Array<{ attempts: number; maxAttempts: number; lastError: string; webhook: string }> = [];
    await waitFor(() => {
      const r = runCli(['alerts', 'retrying', '--json'], env(), dir);
      rows = JSON.parse(r.stdout);
      return rows.length === 1;
    }, 20_000, 500);
    expect(rows[0]).toMatchObject({ attempts: 1, maxAttempts: 5, webhook: 'ops' });
    // The receiver's 503, or the 2 s delivery timeout when the machine is very busy: a retryable failure either way.
    expect(rows[0]!.lastError).toMatch(/503|timeout/);
    const failed = runCli(['alerts', 'failed'], env(), dir);
    expect(failed.code).toBe(0);
    expect(failed.stdout).toBe('no dead-lettered alerts\n');
  });

  it('after the worker stops, alerts and feeds say none is running (exit 1) and start no Redis of their own', async () => {
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, 'newswatch.lock'))).toBe(false);
    const aof = statSync(join(dataDir, 'appendonlydir')).mtimeMs;
    for (const args of [['alerts', 'retry', '--all'], ['feeds']]) {
      const r = runCli(args, env(), dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/no worker is running on data\/redis .*newswatch run.*REDIS_URL/);
      expect(r.stdout).toBe('');
    }
    expect(statSync(join(dataDir, 'appendonlydir')).mtimeMs).toBe(aof);
    expect(existsSync(join(dataDir, 'newswatch.lock'))).toBe(false);
  });
});
