import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../helpers/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestRedis } from '../helpers/redis.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite } from '../helpers/news-site.js';
import { openQueues } from '../../workers/queues.js';

/** `newswatch run` as its own OS process, the way a second container would run it. */
function spawnWorker(configPath: string, redisUrl: string): ChildProcess {
  return spawnCli(['run'], { CONFIG_PATH: configPath, REDIS_URL: redisUrl, PORT: '0' });
}

describe('two worker processes on one Redis', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startNewsSite();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await site?.close();
    await receiver?.close();
    await redis?.stop();
  });

  it('share the polls and never poll a feed twice in one interval', async () => {
    const paths = Array.from({ length: 30 }, (_, i) => `/two-${i}.xml`);
    for (const p of paths) site.setFeed(p, [{ slug: `two-${p.slice(5, -4)}`, title: `Story ${p}` }]);
    const configPath = await writeTestConfig({ feeds: paths.map((p) => ({ url: site.feedUrl(p), interval: '10s' })), webhookUrl: `${receiver.url}/hook` });
    children.push(spawnWorker(configPath, redis.url), spawnWorker(configPath, redis.url));

    await new Promise((r) => setTimeout(r, 24_000));

    for (const p of paths) {
      const times = site.requests.filter((r) => r.path === p).map((r) => r.at).sort((a, b) => a - b);
      // 24 s covers at least two 10 s slots of every feed.
      expect(times.length, p).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, p).toBeGreaterThan(8_000);
    }
    // Each article fetched once, though both processes saw the feeds.
    for (const p of paths) expect(site.count((r) => r.path === `/news/two-${p.slice(5, -4)}`), p).toBe(1);

    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queues = openQueues(connection);
    const done = await queues.poll.getCompleted(0, -1);
    const workersSeen = new Set(done.map((j) => j.processedBy));
    await queues.close();
    connection.disconnect();
    expect(workersSeen.size).toBe(2);
  }, 60_000);
});
