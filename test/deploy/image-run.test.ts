import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedRedis } from '../../workers/redis/embedded.js';
import { startTestRedis } from '../helpers/redis.js';
import { TEST_SECRET } from '../helpers/receiver.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { startTestServer, type TestServer } from '../helpers/http.js';
import { ROOT, argv, envOf, healthcheckOf, instructionsOf, readDockerfile, type Healthcheck } from './dockerfile.js';

/**
 * The image, without a container engine: compile what the build stage
 * compiles into an /app-like folder, then start it the way the runtime stage
 * does (its CMD, its ENV, a non-root user, the config at the mounted path,
 * REDIS_URL at a real Redis) and probe it the way Docker does (HEALTHCHECK)
 * and stop it the way Docker does (SIGTERM).
 */

const NOBODY = { uid: 65534, gid: 65534 };
/** As root, run as nobody like the image's USER; otherwise we are non-root already. */
const runAs: { uid?: number; gid?: number } = process.getuid?.() === 0 ? NOBODY : {};
const STOP_TIMEOUT_MS = 30_000; // docker-compose.yml's stop_grace_period

const dockerfile = readDockerfile();
const imageEnv = envOf(dockerfile.final);
const cmd = argv(instructionsOf(dockerfile.final, 'CMD').at(-1)?.args ?? '[]');
const healthcheck = healthcheckOf(dockerfile.final);

const EMPTY_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Deploy test feed</title><link>http://127.0.0.1/</link><description>none</description></channel></rss>`;

describe('the image runs (Dockerfile CMD, as a non-root user)', () => {
  let appDir: string;
  let mountRoot: string;
  let redis: EmbeddedRedis | undefined;
  let feedSite: TestServer | undefined;
  let child: ChildProcess | undefined;
  let childEnv: NodeJS.ProcessEnv;
  let baseUrl: string;
  let output = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    expect(cmd[0], 'CMD starts with node').toBe('node');
    expect(cmd[1], 'CMD runs a file under dist/').toMatch(/^dist\//);

    // /app: package.json (read at run time for the User-Agent) and dist/, with
    // node_modules resolved from the repository root one level up. Inside the
    // repo (git-ignored, .test-dist-*), so compiling does not touch dist/.
    appDir = mkdtempSync(join(ROOT, '.test-dist-'));
    copyFileSync(join(ROOT, 'package.json'), join(appDir, 'package.json'));
    const tsc = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(appDir, 'dist')], ROOT);
    // Type errors are the typecheck's business; tsc still emits, and what it emits is what ships.
    expect(existsSync(join(appDir, cmd[1]!)), `tsc emitted ${cmd[1]}:\n${tsc.output}`).toBe(true);
    makeWorldReadable(appDir);

    // The read-only config mount, at the image's CONFIG_PATH under a stand-in root.
    expect(imageEnv.CONFIG_PATH).toMatch(/^\//);
    mountRoot = mkdtempSync(join(tmpdir(), 'newswatch-mount-'));
    const configPath = join(mountRoot, imageEnv.CONFIG_PATH!);
    mkdirSync(dirname(configPath), { recursive: true });

    feedSite = await startTestServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(EMPTY_FEED));
    const feedPort = feedSite.port;
    writeFileSync(
      configPath,
      `defaults:
  interval: 10s
fetch:
  timeout: 5s
  allowPrivateNetworks: true
feeds:
  - url: http://127.0.0.1:${feedPort}/feed.xml
    name: Deploy test feed
watchlists:
  - id: deploy
    entities:
      - id: steve-witkoff
        name: Steve Witkoff
    notify: [ops]
webhooks:
  - id: ops
    url: \${ALERT_WEBHOOK_URL}
    secret: \${ALERT_WEBHOOK_SECRET}
`,
    );
    makeWorldReadable(mountRoot);
    chmodSync(configPath, 0o444);

    redis = await startTestRedis();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    childEnv = {
      ...imageEnv,
      CONFIG_PATH: configPath,
      PORT: String(port),
      REDIS_URL: redis.url,
      // What docker-compose.yml's env_file: .env supplies.
      ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
      ALERT_WEBHOOK_SECRET: TEST_SECRET,
      PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    };
    child = spawn(process.execPath, cmd.slice(1), { cwd: appDir, env: childEnv, ...runAs, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await redis?.stop();
    await feedSite?.close();
    if (appDir) rmSync(appDir, { recursive: true, force: true });
    if (mountRoot) rmSync(mountRoot, { recursive: true, force: true });
  }, 30_000);

  it('answers /healthz and then /readyz with 200 within 15 s', async () => {
    const healthz = await waitFor200(`${baseUrl}/healthz`, 15_000, () => child!.exitCode !== null);
    expect(healthz, output).toBe(200);
    const readyz = await waitFor200(`${baseUrl}/readyz`, 15_000, () => child!.exitCode !== null);
    expect(readyz, output).toBe(200);
  }, 35_000);

  it.skipIf(!existsSync('/proc/self/status'))('runs as the non-root user, not root', () => {
    const status = readFileSync(`/proc/${child!.pid}/status`, 'utf8');
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    expect(uid).not.toBe('0');
    if (runAs.uid !== undefined) expect(uid).toBe(String(runAs.uid));
  });

  it("passes the Dockerfile's HEALTHCHECK", async () => {
    const r = await runHealthcheck(healthcheck!, childEnv);
    expect(r.code, r.output).toBe(0);
  });

  it('serves Prometheus metrics, polls its feed and reads the config through the mount', async () => {
    let text = '';
    // Until the first poll is counted; the assertions below say what was missing if it never is.
    await waitFor(async () => {
      text = await (await fetch(`${baseUrl}/metrics`)).text();
      return /^newswatch_feed_polls_total\{outcome="\w+"\} [1-9]/m.test(text);
    }, 15_000, 250).catch(() => undefined);
    expect(text).toContain('# TYPE newswatch_feed_polls_total counter');
    expect(text, output).toMatch(/^newswatch_feed_polls_total\{outcome="(changed|not_modified)"\} [1-9]/m);
    expect(text).toMatch(/^newswatch_queue_jobs\{queue="poll",state="\w+"\} \d/m);
    expect(text).toMatch(/^newswatch_process_process_resident_memory_bytes \d/m);
  }, 20_000);

  it('stops cleanly on SIGTERM, within the grace period, exit code 0', async () => {
    const started = Date.now();
    child!.kill('SIGTERM');
    const result = await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const)]);
    expect(result, output).not.toBe('timeout');
    expect(result, output).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(STOP_TIMEOUT_MS);
    expect(output).toMatch(/stopped/);
    // And Docker would now see it unhealthy.
    const r = await runHealthcheck(healthcheck!, childEnv);
    expect(r.code).not.toBe(0);
  }, STOP_TIMEOUT_MS + 10_000);
});

function runHealthcheck(hc: Healthcheck, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const [bin, ...args] = hc.command;
  // The image's `node` is on its PATH; here it is this node.
  return run(bin === 'node' ? process.execPath : bin!, args, tmpdir(), { env, timeoutMs: 10_000, ...runAs });
}

function run(
  bin: string,
  args: string[],
  cwd: string,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; uid?: number; gid?: number } = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, args, { cwd, env: opts.env ?? process.env, uid: opts.uid, gid: opts.gid, stdio: ['ignore', 'pipe', 'pipe'], timeout: opts.timeoutMs ?? 90_000 });
    let output = '';
    p.stdout.on('data', (d: Buffer) => (output += d.toString()));
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    p.once('error', reject);
    p.once('close', (code) => resolve({ code, output }));
  });
}

/** The last status `url` answered, once it is 200, the time is up, or `gaveUp()` (undefined: it never answered). */
async function waitFor200(url: string, ms: number, gaveUp: () => boolean): Promise<number | undefined> {
  let last: number | undefined;
  await waitFor(async () => {
    try {
      last = (await fetch(url, { signal: AbortSignal.timeout(2000) })).status;
    } catch {
      // not listening yet
    }
    return last === 200 || gaveUp();
  }, ms, 200).catch(() => undefined);
  return last;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Like the image's root-owned /app: readable (and folders enterable) by every user, writable by none but the owner. */
function makeWorldReadable(path: string): void {
  const st = statSync(path);
  chmodSync(path, st.isDirectory() ? 0o755 : 0o644);
  if (st.isDirectory()) for (const entry of readdirSync(path)) makeWorldReadable(join(path, entry));
}
