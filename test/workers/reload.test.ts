import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/index.js';
import { connectRedis, type RedisClient } from '../../workers/redis/connect.js';
import { openQueues, type Queues } from '../../workers/runtime/queues.js';
import { startConfigReloader, type ConfigReloader } from '../../workers/runtime/reload.js';
import { Runtime } from '../../workers/runtime/runtime.js';
import { initialPeriodMs, syncFeedSchedulers } from '../../workers/runtime/schedules.js';
import { writeTestConfig } from '../helpers/config.js';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { freshPrefix, memoryLogger } from '../helpers/worker.js';

const FEED_A = 'http://127.0.0.1:9/a.xml';
const FEED_B = 'http://127.0.0.1:9/b.xml';

/**
 * The reloader on a real Redis and real BullMQ queues, with the worker's own
 * scheduler sync behind a switch that makes its next call(s) throw, as a
 * Redis blip in the middle of a reload would.
 */
describe('config reload when the scheduler sync fails (real Redis)', () => {
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  let connection: RedisClient;
  let queues: Queues;
  let reloader: ConfigReloader | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);

  beforeAll(async () => {
    server = await startTestRedis();
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    reloader?.close();
    await queues?.close();
    connection?.disconnect();
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server?.stop();
  });

  async function setUp(feeds: string[], options: { onSighup?: boolean } = {}) {
    const configPath = await writeTestConfig({ feeds: feeds.map((url) => ({ url })), webhookUrl: 'http://127.0.0.1:9/hook' });
    connection = connectRedis(server.url);
    queues = openQueues(connection, freshPrefix());
    const logger = memoryLogger();
    const rt = new Runtime(await loadConfigFile(configPath), connection, queues, logger.log);
    const failures = { next: 0, calls: 0 };
    const sync = async () => {
      failures.calls += 1;
      if (failures.next > 0) {
        failures.next -= 1;
        throw new Error('redis: connection lost (injected)');
      }
      return syncFeedSchedulers(queues.poll, rt.config.feeds, async (f) => initialPeriodMs(f, rt.config.defaults.minIntervalMs));
    };
    await sync();
    reloader = startConfigReloader(rt, configPath, sync, { watchFile: false, onSighup: options.onSighup ?? false });
    const scheduled = async () => (await queues.poll.getJobSchedulers(0, -1)).map((s) => s.key).sort();
    const edit = async (from: string, to: string) => writeFile(configPath, (await readFile(configPath, 'utf8')).replace(from, to));
    return { rt, logs: logger.lines, failures, scheduled, edit, reloader: reloader! };
  }

  it('keeps the new config, logs the failure, syncs again by itself, and later reloads still work', async () => {
    const { rt, logs, failures, scheduled, edit, reloader } = await setUp([FEED_A]);
    const [feedA] = rt.config.feeds;
    await edit(`  - url: ${FEED_A}\n`, `  - url: ${FEED_A}\n  - url: ${FEED_B}\n`);
    failures.next = 1;

    // The failed sync is reported, not thrown: a reload nobody awaits cannot reject unhandled.
    await expect(reloader.reload('test')).resolves.toBe(false);
    expect(rt.config.feeds.map((f) => f.url)).toEqual([FEED_A, FEED_B]);
    const failed = logs.find((l) => l.msg.startsWith('config reload: the new config is in effect but the feed schedulers did not sync'));
    expect(failed).toMatchObject({ level: 50, err: 'redis: connection lost (injected)', reason: 'test' });
    expect(failed!.changes.feeds.added).toEqual([FEED_B]);

    // The retry, on its own, brings the schedulers in line with the config.
    await waitFor(() => logs.find((l) => l.msg === 'config reloaded'), 10_000, 50, 'the retried sync');
    expect(await scheduled()).toEqual([feedA!.id, rt.config.feeds[1]!.id].sort());

    // And the next edit reloads as usual (before the fix every later reload failed).
    await edit(`  - url: ${FEED_A}\n`, '');
    await expect(reloader.reload('test')).resolves.toBe(true);
    expect(await scheduled()).toEqual([rt.config.feeds[0]!.id]);
    expect(rt.config.feeds.map((f) => f.url)).toEqual([FEED_B]);
    expect(unhandled).toEqual([]);
  });

  it('syncs at the next reload even when the file did not change again', async () => {
    const { rt, failures, scheduled, edit, reloader } = await setUp([FEED_A]);
    await edit(FEED_A, FEED_B);
    failures.next = 2; // the reload and its first automatic retry both fail
    await expect(reloader.reload('test')).resolves.toBe(false);
    await waitFor(() => failures.calls >= 3, 10_000, 50, 'the first automatic retry');
    expect(failures.next).toBe(0);

    await expect(reloader.reload('SIGHUP')).resolves.toBe(true);
    expect(await scheduled()).toEqual([rt.config.feeds[0]!.id]);
    expect(unhandled).toEqual([]);
  });

  it('a SIGHUP reload whose sync throws leaves no unhandled rejection, and the next SIGHUP works', async () => {
    const { rt, logs, failures, scheduled, edit } = await setUp([FEED_A], { onSighup: true });
    await edit(FEED_A, FEED_B);
    failures.next = 1;
    process.emit('SIGHUP');
    await waitFor(() => logs.some((l) => l.reason === 'SIGHUP' && l.level === 50), 5_000, 50, 'the failed SIGHUP reload');

    await edit(FEED_B, FEED_A);
    process.emit('SIGHUP');
    await waitFor(() => logs.some((l) => l.msg === 'config reloaded' && l.reason === 'SIGHUP'), 10_000, 50, 'the second SIGHUP reload');
    expect(rt.config.feeds.map((f) => f.url)).toEqual([FEED_A]);
    expect(await scheduled()).toEqual([rt.config.feeds[0]!.id]);
    expect(unhandled).toEqual([]);
  });
});
