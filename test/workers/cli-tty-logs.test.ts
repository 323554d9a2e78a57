import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliArgs, ROOT } from '../helpers/cli.js';
import { startTestRedis } from '../helpers/redis.js';
import { writeTestConfig } from '../helpers/config.js';
import { waitFor } from '../helpers/wait.js';

/** util-linux `script` gives the worker a pseudo-terminal, as a person running it in a shell has. */
const hasScript = spawnSync('script', ['--version']).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!hasScript)('newswatch run on a terminal', { timeout: 60_000 }, () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('logs readable lines (pino-pretty) instead of JSON', async () => {
    const config = await writeTestConfig({ feeds: [], webhookUrl: 'http://127.0.0.1:9/hook' });
    const command = [process.execPath, ...cliArgs(['run'])].map(quote).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { ...process.env, CONFIG_PATH: config, REDIS_URL: redis.url, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await waitFor(() => out.includes('health and metrics server listening'), 30_000);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
    const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: newswatch running\r?$/m);
    expect(plain).not.toMatch(/^\{"level"/m);
  });
});
