import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../helpers/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestRedis } from '../helpers/redis.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite } from '../helpers/news-site.js';
import { openQueues } from '../../workers/runtime/queues.js';

/** `newswatch run` as its own OS process, the way a second container would run it. */
function spawnWorker(configPath: string, redisUrl: string): ChildProcess {
  return spawnCli(['run'], { CONFIG_PATH: configPath, REDIS_URL: redisUrl, PORT: '0' });
}

describe('two worker processes on one Redis', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  // One site per feed, each on its own loopback address: the per-host politeness
  // limit would otherwise space 30 feeds of one host apart and blur the slots.
  let sites: Array<Awaited<ReturnType<typeof startNewsSite>>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    sites = await Promise.all(Array.from({ length: 30 }, (_, i) => startNewsSite(`127.0.0.${10 + i}`)));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await Promise.all((sites ?? []).map((s) => s.close()));
    await receiver?.close();
    await redis?.stop();
  });

  it('share the polls and never poll a feed twice in one interval', async () => {
    const path = '/feed.xml';
    for (const site of sites) site.setFeed(path, [{ slug: 'story', title: 'Story' }]);
    const configPath = await writeTestConfig({ feeds: sites.map((site) => ({ url: site.feedUrl(path), interval: '10s' })), webhookUrl: `${receiver.url}/hook` });
    children.push(spawnWorker(configPath, redis.url), spawnWorker(configPath, redis.url));

    const started = Date.now();
    await new Promise((r) => setTimeout(r, 24_000));
    const slots = Math.ceil((Date.now() - started) / 10_000) + 1;

    for (const site of sites) {
      const times = site.requests.filter((r) => r.path === path).map((r) => r.at).sort((a, b) => a - b);
      // 24 s covers at least two 10 s slots of every feed.
      expect(times.length, site.url).toBeGreaterThanOrEqual(2);
      // Never twice in one interval: no more polls than slots, none within half an interval of another.
      expect(times.length, site.url).toBeLessThanOrEqual(slots);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, site.url).toBeGreaterThan(5_000);
      // Each article fetched once, though both processes saw the feed.
      expect(site.count((r) => r.path === '/news/story'), site.url).toBe(1);
    }

    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queues = openQueues(connection);
    const done = await queues.poll.getCompleted(0, -1);
    const workersSeen = new Set(done.map((j) => j.processedBy));
    await queues.close();
    connection.disconnect();
    expect(workersSeen.size).toBe(2);
  }, 60_000);
});
