/**
 * The worker killed with SIGKILL — a real separate process — in the middle of
 * fetching articles (pages answer slowly), and in the middle of delivering
 * alerts (the receiver holds each request 2 s). A new process on the same
 * Redis finishes the work: every article processed, every alert delivered,
 * under unchanged ids; an id reaches the receiver twice only when the first
 * attempt's answer never got back to the killed worker (SPEC: at-least-once;
 * the webhook-id lets the receiver drop the repeat).
 *
 * Time: BullMQ hands a dead worker's jobs to another once their lock has
 * expired and a stalled-job check has seen them (30 s each by default); the
 * processes here run with NEWSWATCH_STALLED_CHECK_MS=2000, so that takes 2-4 s.
 * A dead worker's per-host request leases free themselves after 60 s (article
 * hosts) or the webhook timeout + 5 s, which nothing configures; after each
 * kill the test expires exactly those leases in Redis (expireDeadLeases), and
 * everything else is the real recovery path. RELIABILITY_REAL_STALL=1 runs with
 * the production defaults and no lease expiry: every wait is real (about 5
 * minutes).
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openQueues } from '../../workers/runtime/queues.js';
import { keys } from '../../workers/state/keys.js';
import { startTestRedis } from '../helpers/redis.js';
import { promotePolls, rssFeed, shortPage, spawnWorkerProcess, writeConfig, type WorkerProcess } from './support.js';
import { startScriptedSite, type ScriptedSite } from '../helpers/http.js';
import { type Attempt, startReceiver, type Receiver } from '../helpers/receiver.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { waitForIdle } from '../helpers/worker.js';

const REAL_TIME = process.env.RELIABILITY_REAL_STALL === '1';
const STORIES = 6;
const HOLD_MS = 2_000;
/** How long a restarted worker may take to finish everything. */
const RECOVERY_MS = REAL_TIME ? 150_000 : 30_000;

/** What the 60 s lease timeout would do to a dead worker's host leases, done at once. */
async function expireDeadLeases(redisUrl: string, hosts: string[]): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    for (const host of hosts) await redis.del(keys.hostLeases(host), keys.hostPace(host), keys.hostReserved(host));
  } finally {
    redis.disconnect();
  }
}

const redisServers: Array<Awaited<ReturnType<typeof startTestRedis>>> = [];
const servers: Array<{ close(): Promise<void> }> = [];
const procs: WorkerProcess[] = [];
const pending = new Set<import('node:http').ServerResponse>();

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
  for (const res of pending) res.destroy();
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(redisServers.map((r) => r.stop()));
});

const storyOf = (a: { body: any }) => String(a.body.data.article.url).replace(/^.*\/news\//, '');

/** A fresh Redis, a site whose STORIES article pages answer after `pageDelayMs`, a receiver holding each request `holdMs`. */
async function scenario(opts: { pageDelayMs: number; holdMs: number }) {
  const redis = await startTestRedis();
  redisServers.push(redis);
  const site: ScriptedSite = await startScriptedSite('127.0.0.1');
  const receiver: Receiver = await startReceiver({ respond: () => ({ status: 204, holdMs: opts.holdMs }) });
  servers.push(site, receiver);
  const slugs = Array.from({ length: STORIES }, (_, i) => `story-${i + 1}`);
  const inFlight = new Set<import('node:http').ServerResponse>();
  site.route('/world.xml', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(site.url, slugs.map((slug, i) => ({ slug, title: `Steve Witkoff, day ${i + 1}` }))));
  });
  for (const [i, slug] of slugs.entries()) {
    site.route(`/news/${slug}`, (_req, res) => {
      inFlight.add(res);
      pending.add(res);
      setTimeout(() => {
        inFlight.delete(res);
        pending.delete(res);
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/html' }).end(shortPage(`Steve Witkoff, day ${i + 1}`, `Steve Witkoff met Khalil al-Hayya on day ${i + 1}.`));
      }, opts.pageDelayMs);
    });
  }
  const configPath = await writeConfig({
    feeds: [{ url: `${site.url}/world.xml`, interval: '24h' }],
    webhookUrl: `${receiver.url}/hook`,
    retry: '    retry: { attempts: 10, initialDelay: 1s, maxDelay: 2s }',
    // The receiver may hold a request 2 s: give the delivery room to wait for it.
    replace: [['    timeout: 2s\n', '    timeout: 5s\n']],
  });
  const env: Record<string, string> = { CONFIG_PATH: configPath, REDIS_URL: redis.url };
  if (!REAL_TIME) env.NEWSWATCH_STALLED_CHECK_MS = '2000';
  const kills: number[] = [];

  async function withQueues<T>(fn: (q: ReturnType<typeof openQueues>) => Promise<T>): Promise<T> {
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queues = openQueues(connection);
    try {
      return await fn(queues);
    } finally {
      await queues.close();
      connection.disconnect();
    }
  }

  /** What the receiver, the queues and the processes saw, for a failure message. */
  async function diagnose(mine: WorkerProcess[]): Promise<string> {
    const counts = await withQueues(async (q) => ({
      article: await q.article.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed'),
      alert: await q.alert.getJobCounts('completed', 'failed', 'active', 'waiting', 'delayed'),
    }));
    const attempts = receiver.attempts.map((a) => `${a.id} ${storyOf(a)} ${a.status} ${a.respondedAt ? 'answered' : 'cut off'}`);
    const logs = mine.map((p, i) => `--- process ${i + 1}\n${p.text().slice(-4000)}`);
    return [JSON.stringify(counts), ...attempts, ...logs].join('\n');
  }

  const mine: WorkerProcess[] = [];
  return {
    site,
    receiver,
    slugs,
    inFlight,
    async start(): Promise<WorkerProcess> {
      const proc = spawnWorkerProcess(env);
      procs.push(proc);
      mine.push(proc);
      await waitFor(() => proc.lines().some((l) => l.msg === 'newswatch running'), 20_000);
      return proc;
    },
    poll: () => waitFor(async () => (await promotePolls(redis.url)) > 0, 10_000),
    async crash(proc: WorkerProcess): Promise<void> {
      await proc.kill('SIGKILL');
      kills.push(Date.now());
      expect(proc.child.signalCode).toBe('SIGKILL');
      if (!REAL_TIME) await expireDeadLeases(redis.url, [new URL(site.url).host, 'webhook:ops']);
    },
    /** Waits until every story is delivered (or an article job failed for good), then checks the whole outcome. */
    async expectEverythingDeliveredOnce(): Promise<void> {
      await waitFor(
        async () =>
          new Set(receiver.delivered().map(storyOf)).size === STORIES ||
          (await withQueues((q) => q.article.getFailedCount())) > 0,
        RECOVERY_MS,
      ).catch(async (err) => {
        throw new Error(`${(err as Error).message}\n${await diagnose(mine)}`);
      });
      const lost = await withQueues((q) => q.article.getFailed());
      if (lost.length > 0) {
        throw new Error(`${lost.length} article job(s) failed for good: ${lost.map((j) => j.failedReason).join('; ')}\n${await diagnose(mine)}`);
      }
      await waitFor(
        () => withQueues(async (q) => {
          const c = await q.article.getJobCounts('completed', 'active', 'waiting', 'delayed');
          return c.completed === STORIES && (c.active ?? 0) + (c.waiting ?? 0) + (c.delayed ?? 0) === 0;
        }),
        10_000,
      );
      await withQueues((q) => waitForIdle(q)); // a stray duplicate would have been sent by now

      // Every story: one id, delivered; one distinct id per story.
      const idsByStory = new Map<string, Set<string>>();
      for (const a of receiver.attempts) idsByStory.set(storyOf(a), (idsByStory.get(storyOf(a)) ?? new Set()).add(a.id));
      expect([...idsByStory.keys()].sort()).toEqual([...slugs].sort());
      for (const [story, ids] of idsByStory) expect(ids.size, `ids of ${story}`).toBe(1);
      expect(new Set(receiver.delivered().map((a) => a.id)).size).toBe(STORIES);

      // A repeat only for an id whose earlier attempt's answer never reached a worker:
      // cut off, or answered so close to a kill that the worker could not have recorded it.
      const byId = new Map<string, Attempt[]>();
      for (const a of receiver.attempts) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
      for (const [id, attempts] of byId) {
        for (const earlier of attempts.slice(0, -1)) {
          const answered = earlier.respondedAt !== undefined && kills.every((k) => earlier.respondedAt! < k - 200 || earlier.receivedAt > k);
          expect(answered, `${id} was sent again although an earlier delivery was answered`).toBe(false);
        }
      }
      expect(receiver.stats.badSignatures).toBe(0);

      await withQueues(async (q) => {
        const articles = await q.article.getCompleted(0, -1);
        expect(articles).toHaveLength(STORIES);
        for (const job of articles) expect(String(job.returnvalue)).toMatch(/^matched: /);
        expect(await q.alert.getFailedCount()).toBe(0);
        expect(await q.alert.getCompletedCount()).toBe(STORIES);
      });
      for (const slug of slugs) expect(site.hits(`/news/${slug}`), slug).toBeGreaterThanOrEqual(1);
      for (const p of mine) await p.kill('SIGTERM');
    },
  };
}

describe('the worker killed with SIGKILL', () => {
  const timeout = REAL_TIME ? 400_000 : 60_000;

  it('mid-fetch (pages answer in 2.5 s): a new process fetches every article and delivers every alert once', async () => {
    const s = await scenario({ pageDelayMs: 2_500, holdMs: 0 });
    const first = await s.start();
    await s.poll();
    await waitFor(() => s.inFlight.size >= 2, 15_000);
    await sleep(500);
    expect(s.receiver.attempts).toHaveLength(0);
    await s.crash(first);
    expect(s.site.requests.filter((r) => r.path.startsWith('/news/')).length).toBeLessThan(STORIES);
    await s.start();
    await s.expectEverythingDeliveredOnce();
  }, timeout);

  it('mid-delivery (the receiver holds each request 2 s): the cut-off alerts are sent again with the same ids', async () => {
    const s = await scenario({ pageDelayMs: 0, holdMs: HOLD_MS });
    const first = await s.start();
    await s.poll();
    await waitFor(() => s.receiver.attempts.some((a) => a.respondedAt === undefined && Date.now() - a.receivedAt > 300), 20_000);
    await s.crash(first);
    const cutOff = new Set(s.receiver.attempts.filter((a) => a.respondedAt === undefined).map((a) => a.id));
    expect(cutOff.size).toBeGreaterThan(0);
    await s.start();
    await s.expectEverythingDeliveredOnce();
    // The cut-off ones came again, under the same id.
    for (const id of cutOff) expect(s.receiver.delivered().filter((a) => a.id === id)).toHaveLength(1);
  }, timeout);

  // KNOWN BUG (test/reliability/README.md, "Findings"): BullMQ's default
  // maxStalledCount of 1 fails a job the second time a dead worker leaves it
  // behind, and every article job waiting for its host's request slot counts
  // as active, so two crashes in a row fail every article still in the queue
  // "for good" ("job stalled more than allowable limit"). The article is then
  // lost: nothing retries a failed article job and the seen-set keeps the next
  // poll from queueing it again. This test fails until that is fixed.
  it('twice in a row mid-fetch: a third process still delivers every alert once', async () => {
    const s = await scenario({ pageDelayMs: 2_500, holdMs: 0 });
    const first = await s.start();
    await s.poll();
    await waitFor(() => s.inFlight.size >= 2, 15_000);
    await s.crash(first);
    const second = await s.start();
    // Page requests from the second process itself (the first one's may still be held open).
    const since = Date.now();
    await waitFor(() => s.site.requests.filter((r) => r.path.startsWith('/news/') && r.at >= since).length >= 2, RECOVERY_MS);
    await sleep(500);
    await s.crash(second);
    await s.start();
    await s.expectEverythingDeliveredOnce();
  }, timeout);
});
