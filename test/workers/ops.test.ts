import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startTestRedis } from '../helpers/redis.js';
import { waitFor } from '../helpers/wait.js';
import { startReceiver } from '../helpers/receiver.js';
import { writeTestConfig } from '../helpers/config.js';
import { startNewsSite } from '../helpers/news-site.js';
import { pollNow, startLoggedWorker, type LogLine } from '../helpers/worker.js';
import { startWorker, type RunOptions, type RunningWorker } from '../../workers/runtime/start.js';

describe('operations: reload, admin board, metrics', () => {
  let redis: Awaited<ReturnType<typeof startTestRedis>>;
  let site: Awaited<ReturnType<typeof startNewsSite>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: RunningWorker | undefined;
  let logs: LogLine[];

  beforeAll(async () => {
    redis = await startTestRedis();
    site = await startNewsSite();
    receiver = await startReceiver();
    site.setFeed('/one.xml', []);
    site.setFeed('/two.xml', []);
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });
  afterAll(async () => {
    await site?.close();
    await receiver?.close();
    await redis?.stop();
  });

  async function start(configPath: string, extra: Partial<RunOptions> = {}) {
    const started = await startLoggedWorker(configPath, redis.url, extra);
    worker = started.worker;
    logs = started.logs;
    return started;
  }

  it('reloads an edited config file: new feed scheduled, new person matched; a broken edit is refused', async () => {
    const configPath = await writeTestConfig({ feeds: [{ url: site.feedUrl('/one.xml') }], webhookUrl: `${receiver.url}/hook` });
    const { worker } = await start(configPath, { reloadOn: { fileChange: true, sighup: false } });
    expect(await worker.queues.poll.getJobSchedulersCount()).toBe(1);

    const original = await readFile(configPath, 'utf8');
    const edited = original
      .replace(`  - url: ${site.feedUrl('/one.xml')}\n`, `  - url: ${site.feedUrl('/one.xml')}\n  - url: ${site.feedUrl('/two.xml')}\n`)
      .replace('    notify: [ops]', '      - id: donald-trump\n        name: Donald Trump\n    notify: [ops]');
    await writeFile(configPath, edited);
    await waitFor(() => logs.some((l) => l.msg === 'config reloaded'), 5_000);
    expect(await worker.queues.poll.getJobSchedulersCount()).toBe(2);
    expect(worker.runtime.matcher.match({ text: 'Donald Trump spoke on Sunday.' })[0]?.matches[0]?.entityId).toBe('donald-trump');
    const reloaded = logs.find((l) => l.msg === 'config reloaded')!;
    expect(reloaded.changes.feeds.added).toEqual([site.feedUrl('/two.xml')]);
    expect(reloaded.changes.watchlists.changed).toEqual(['mideast']);

    await writeFile(configPath, edited.replace('interval: 10s', 'interval: 2s'));
    await waitFor(() => logs.some((l) => l.msg === 'config reload refused: the running config stays'), 5_000);
    const refused = logs.find((l) => l.msg === 'config reload refused: the running config stays')!;
    expect(refused.issues[0]).toMatch(/newswatch\.yaml:\d+:\d+ /);
    expect(worker.runtime.config.feeds).toHaveLength(2);
    expect(worker.runtime.config.defaults.interval).toEqual({ kind: 'fixed', ms: 10_000 });
  });

  it('reloads on SIGHUP', async () => {
    const configPath = await writeTestConfig({ feeds: [{ url: site.feedUrl('/one.xml') }], webhookUrl: `${receiver.url}/hook` });
    const fileWatchers = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;
    const watchersBefore = fileWatchers();
    const { worker } = await start(configPath, { reloadOn: { fileChange: false, sighup: true } });
    // No file watch was set up, so an edit alone cannot reload: only the SIGHUP below does.
    expect(fileWatchers()).toBeLessThanOrEqual(watchersBefore); // (a closed one of an earlier test may still be going away)
    const original = await readFile(configPath, 'utf8');
    await writeFile(configPath, original.replace(site.feedUrl('/one.xml'), site.feedUrl('/two.xml')));
    expect(logs.some((l) => l.msg === 'config reloaded')).toBe(false);
    process.emit('SIGHUP');
    await waitFor(() => logs.some((l) => l.msg === 'config reloaded' && l.reason === 'SIGHUP'), 5_000);
    expect(logs.filter((l) => l.msg === 'config reloaded').map((l) => l.reason)).toEqual(['SIGHUP']);
    const schedulers = await worker.queues.poll.getJobSchedulers();
    expect(schedulers.map((s) => s.template?.data?.feedId)).toEqual([worker.runtime.config.feeds[0]!.id]);
    expect(worker.runtime.config.feeds[0]!.url).toBe(site.feedUrl('/two.xml'));
  });

  it('serves Bull Board at /admin/queues behind basic auth, only with ADMIN_PASSWORD', async () => {
    const configPath = await writeTestConfig({ feeds: [], webhookUrl: `${receiver.url}/hook` });
    const open = await start(configPath);
    expect((await fetch(`${open.base}/admin/queues`)).status).toBe(404);
    await open.worker.stop();

    const { base } = await start(configPath, { adminPassword: 's3cret-board' });
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const wrong = Buffer.from('admin:nope').toString('base64');
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${wrong}` } })).status).toBe(401);
    const right = Buffer.from('admin:s3cret-board').toString('base64');
    const page = await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${right}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: `Basic ${right}` } });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['deliver-alert', 'fetch-article', 'poll-feed']);
  });

  it('exposes health, readiness and Prometheus metrics, including each feed\'s schedule', async () => {
    const configPath = await writeTestConfig({ feeds: [{ url: site.feedUrl('/one.xml') }], webhookUrl: `${receiver.url}/hook` });
    const { worker, base } = await start(configPath);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, redis: true, workers: true });
    await pollNow(worker);
    // The earlier tests' workers polled two.xml in this same process: its series must be gone, not taken for one.xml's.
    await waitFor(async () => /newswatch_feed_poll_interval_seconds\{feed="[0-9a-f]+",url="[^"]+one\.xml"\}/.test(await (await fetch(`${base}/metrics`)).text()), 5_000);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).not.toMatch(/two\.xml/);
    expect(text).toMatch(/newswatch_feed_polls_total\{outcome="changed"\} \d+/);
    expect(text).toMatch(/newswatch_queue_jobs\{queue="poll",state="delayed"\} 1/);
    expect(text).toMatch(/newswatch_feed_poll_interval_seconds\{feed="[0-9a-f]+",url="[^"]+one\.xml"\} 10/);
    expect(text).toMatch(/newswatch_alert_delay_seconds_bucket/);
  });

  it('answers 503 on /readyz when Redis does not answer', async () => {
    const other = await startTestRedis();
    const configPath = await writeTestConfig({ feeds: [], webhookUrl: `${receiver.url}/hook` });
    logs = [];
    worker = await startWorker({ configPath, redisUrl: other.url, port: 0, prefix: '{t-ready}', log: pino({ level: 'silent' }) });
    const base = `http://127.0.0.1:${(worker.server.address() as { port: number }).port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await other.stop();
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 503, 5_000);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const stopping = worker.stop();
    worker = undefined;
    await Promise.race([stopping, new Promise((r) => setTimeout(r, 3_000))]);
  });
});
