import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis } from '../helpers/redis.js';
import { writeTestConfig } from '../helpers/config.js';
import { startLoggedWorker } from '../helpers/worker.js';
import { waitFor } from '../helpers/wait.js';
import { createLogger } from '../../workers/runtime/log.js';
import { listenFromEnv } from '../../examples/receiver.js';
import { TEST_SECRET } from '../helpers/receiver.js';

describe('HOST, reload messages and log format', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('the health server binds HOST, and a reload of an unchanged config says so', async () => {
    const config = await writeTestConfig({ feeds: [], webhookUrl: 'http://127.0.0.1:9/hook' });
    const { worker, logs } = await startLoggedWorker(config, redis.url, { host: '127.0.0.1' });
    try {
      expect(worker.server.address()).toMatchObject({ address: '127.0.0.1' });
      expect(logs.find((l) => l.msg === 'health and metrics server listening')).toMatchObject({ host: '127.0.0.1' });
      // What SIGHUP runs, with the file as it was.
      expect(await worker.reload()).toBe(false);
      const line = await waitFor(() => logs.find((l) => l.msg === 'config reload: file unchanged, nothing to do'));
      expect(line).toMatchObject({ level: 30, configPath: config });
    } finally {
      await worker.stop();
    }
  });

  it('the example receiver listens on HOST', async () => {
    const server = await listenFromEnv({ HOST: '127.0.0.1', PORT: '0' }, TEST_SECRET);
    try {
      expect(server.address()).toMatchObject({ address: '127.0.0.1' });
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('pretty logs are readable lines, redacted like the JSON ones', () => {
    let text = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        text += String(chunk);
        done();
      },
    });
    const log = createLogger('info', { pretty: true, destination: sink });
    log.info({ feedId: 'f1', secret: 'whsec_hidden' }, 'feed polled');
    expect(text).toMatch(/INFO.*feed polled/);
    expect(text).toContain('feedId: "f1"');
    expect(text).not.toContain('whsec_hidden');
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe('a worker that cannot listen', () => {
  it('says which port is taken, and leaves no embedded redis-server or lock behind', async () => {
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('../helpers/temp.js');
    const { createServer } = await import('node:net');
    const { startWorker } = await import('../../workers/runtime/start.js');
    const { lockOwner } = await import('../../workers/redis/data-lock.js');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    const dataDir = join(tempDir('nw-port-'), 'redis');
    const config = await writeTestConfig({ feeds: [], webhookUrl: 'http://127.0.0.1:9/hook' });
    try {
      const err = await startWorker({ configPath: config, port, host: '127.0.0.1', dataDir, log: createLogger('silent') }).catch((e: Error) => e);
      expect((err as Error).message).toBe(`http: cannot listen on 127.0.0.1:${port} (another process uses the port); set PORT or HOST`);
      expect(await lockOwner(dataDir)).toBeUndefined();
      expect(existsSync(join(dataDir, 'newswatch.lock'))).toBe(false);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});
