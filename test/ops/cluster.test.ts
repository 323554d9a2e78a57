import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisCluster, type TestRedisCluster } from '../helpers/redis-cluster.js';
import { startNewsSite } from '../helpers/news-site.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { waitFor } from '../helpers/wait.js';
import { pollNow, waitForIdle } from '../helpers/worker.js';
import { startWorker, type RunningWorker } from '../../workers/runtime/start.js';
import { DEFAULT_PREFIX, QUEUE_NAMES } from '../../workers/runtime/queues.js';
import { feedIdFromUrl } from '../../src/config/index.js';
import { connectRedis } from '../../workers/redis/connect.js';
import { keys } from '../../workers/state/keys.js';

const STORY = [
  'Steve Witkoff, the U.S. special envoy, flew to Doha on Monday for another round of ceasefire talks, officials said.',
  'Jared Kushner joined Steve Witkoff for the meetings with Qatari and Egyptian mediators, according to two people briefed on the plans.',
  'The talks are expected to last several days and to cover the exchange of hostages and prisoners as well as aid deliveries.',
];

/**
 * The whole pipeline on a three-master Redis Cluster of real redis-server
 * processes, reached through one seed node with `?cluster=true`, under the
 * default `{newswatch}` prefix: every BullMQ script and every MULTI of ours
 * must stay inside one hash slot, or Redis answers CROSSSLOT.
 */
describe('Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: RunningWorker;
  const logs: Array<{ level: number; msg: string; err?: string }> = [];

  beforeAll(async () => {
    cluster = await startRedisCluster();
    site = await startNewsSite();
    receiver = await startReceiver();
    site.setFeed('/world.xml', [{ slug: `doha-${randomUUID().slice(0, 8)}`, title: 'Envoys head to Doha for ceasefire talks', paragraphs: STORY }]);
    const configPath = await writeTestConfig({ feeds: [{ url: site.feedUrl('/world.xml'), name: 'World' }], webhookUrl: `${receiver.url}/hook` });
    const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    worker = await startWorker({ configPath, redisUrl: cluster.url, port: 0, prefix: DEFAULT_PREFIX, log });
  }, 45_000);

  afterAll(async () => {
    await worker?.stop();
    await site?.close();
    await receiver?.close();
    await cluster?.stop();
  });

  it('polls, fetches, matches and delivers one verified alert', async () => {
    expect(await pollNow(worker)).toBe(1);
    await waitFor(() => receiver.alerts.length >= 1, 15_000);
    const alert = receiver.alerts[0]!.body;
    expect(alert.type).toBe('article.matched');
    expect(alert.data.watchlist).toEqual({ id: 'mideast' });
    expect(alert.data.article.feed).toEqual({ url: site.feedUrl('/world.xml'), name: 'World' });
    const ids = alert.data.matches.map((m: { entityId: string }) => m.entityId).sort();
    expect(ids).toEqual(['jared-kushner', 'steve-witkoff']);
    expect(receiver.stats.badSignatures).toBe(0);

    // Nothing more on a second poll of the same feed.
    await waitFor(async () => (await worker.queues.alert.getJobCounts('completed')).completed === 1, 5_000);
    expect(await pollNow(worker)).toBe(1);
    await waitFor(() => site.count((r) => r.path === '/world.xml') >= 2, 10_000);
    await waitForIdle(worker.queues);
    expect(receiver.alerts).toHaveLength(1);
  });

  it('ran every job without a failure or a CROSSSLOT error', async () => {
    const queues = { poll: worker.queues.poll, article: worker.queues.article, alert: worker.queues.alert };
    for (const [name, queue] of Object.entries(queues)) {
      const counts = await queue.getJobCounts('completed', 'failed');
      expect(counts.failed, name).toBe(0);
      expect(counts.completed, name).toBeGreaterThan(0);
    }
    const problems = logs.filter((l) => l.level >= 40 || /CROSSSLOT|MOVED|ASK /.test(JSON.stringify(l)));
    expect(problems).toEqual([]);
  });

  it('keeps the queues and our own state in the one {newswatch} slot of a real cluster', async () => {
    const redis = connectRedis(cluster.url);
    try {
      const feedId = feedIdFromUrl(site.feedUrl('/world.xml'));
      const queueKey = `${DEFAULT_PREFIX}:${QUEUE_NAMES.poll}:meta`;
      const slot = (await redis.cluster('KEYSLOT', queueKey)) as number;
      for (const key of [`${DEFAULT_PREFIX}:${QUEUE_NAMES.article}:wait`, `${DEFAULT_PREFIX}:${QUEUE_NAMES.alert}:completed`, keys.feedState(feedId), keys.feedSeen(feedId), keys.hostLeases('x')]) {
        expect(await redis.cluster('KEYSLOT', key), key).toBe(slot);
      }
      expect(await redis.exists(queueKey, keys.feedState(feedId))).toBe(2);

      // Three masters, all slots served; every key newswatch wrote sits on the one node owning that slot.
      const nodes = (redis as { nodes(role: 'master'): Redis[] }).nodes('master');
      expect(nodes).toHaveLength(3);
      const perNode: string[][] = [];
      for (const node of nodes) {
        const found: string[] = [];
        let cursor = '0';
        do {
          const [next, batch] = await node.scan(cursor, 'COUNT', 1000);
          cursor = next;
          found.push(...batch);
        } while (cursor !== '0');
        perNode.push(found);
      }
      const all = perNode.flat();
      expect(all.length).toBeGreaterThan(10);
      for (const key of all) expect(key.startsWith(DEFAULT_PREFIX), key).toBe(true);
      expect(perNode.filter((k) => k.length > 0)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });
});
