import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../helpers/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startTestRedis } from '../helpers/redis.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite } from '../helpers/news-site.js';
import { openQueues } from '../../workers/runtime/queues.js';
import { waitFor } from '../helpers/wait.js';
import { doublePolledSlots } from '../helpers/slots.js';
import { feedIdFromUrl } from '../../src/config/index.js';

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
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queues = openQueues(connection);
    const polls = (site: (typeof sites)[number]) => site.requests.filter((r) => r.path === path).map((r) => r.at).sort((a, b) => a - b);
    // Who completed polls, sampled while waiting (the completed list is trimmed per scheduler).
    const workersSeen = new Set<string>();
    try {
      // Every feed polled in two slots, by both processes between them, and no article fetch left in the queue.
      await waitFor(
        async () => {
          for (const job of await queues.poll.getCompleted(0, -1)) if (job.processedBy) workersSeen.add(job.processedBy);
          const idle = Object.values(await queues.article.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every((n) => n === 0);
          return idle && workersSeen.size === 2 && sites.every((site) => polls(site).length >= 2);
        },
        45_000,
        200,
        'two polls of every feed by two processes',
      );
    } finally {
      await queues.close();
      connection.disconnect();
    }
    const slots = Math.ceil((Date.now() - started) / 10_000) + 1;

    for (const site of sites) {
      const times = polls(site);
      // Never twice in one interval: no more polls than slots, and no slot polled twice.
      expect(times.length, site.url).toBeLessThanOrEqual(slots);
      expect(doublePolledSlots(times, feedIdFromUrl(site.feedUrl(path)), 10_000), site.url).toEqual(new Map());
      // Each article fetched once, though both processes saw the feed.
      expect(site.count((r) => r.path === '/news/story'), site.url).toBe(1);
    }
    expect(workersSeen.size).toBe(2);
  }, 60_000);
});
