import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import which from 'which';
import { waitFor } from './wait.js';

export interface TestRedisCluster {
  /** `redis://127.0.0.1:P1?cluster=true`: the first node as the seed, as a user would write it. */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

/** Cluster nodes talk to each other on their port + 10000 (the cluster bus). */
const BUS_OFFSET = 10_000;
const START_TIMEOUT_MS = 20_000;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** Ports P (below 55536, so P + 10000 is a port too) with P and its bus port both free. */
async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < count && tries < 200; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (ports.some((p) => Math.abs(p - port) < 2)) continue;
    if ((await portIsFree(port)) && (await portIsFree(port + BUS_OFFSET))) ports.push(port);
  }
  if (ports.length < count) throw new Error('redis-cluster: no free port pairs found');
  return ports;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

/**
 * A three-master Redis Cluster of real `redis-server` processes on 127.0.0.1,
 * no replicas, no persistence, in a fresh temp dir; ready (cluster_state:ok on
 * every node) when the promise resolves, or it throws within ~20 s.
 */
export async function startRedisCluster(nodes = 3): Promise<TestRedisCluster> {
  const server = await which('redis-server', { nothrow: true });
  const cli = await which('redis-cli', { nothrow: true });
  if (!server || !cli) throw new Error('redis-cluster: needs redis-server and redis-cli on the PATH (Debian: apt-get install -y redis-server)');

  const dir = await mkdtemp(join(tmpdir(), 'newswatch-cluster-'));
  const ports = await freePorts(nodes);
  const children: ChildProcess[] = [];
  const clients: Redis[] = [];
  let output = '';

  const stop = async () => {
    for (const c of clients) c.disconnect();
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    const killer = setTimeout(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')), 3_000);
    await Promise.all(children.map(exited));
    clearTimeout(killer);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    for (const port of ports) {
      const child = spawn(
        server,
        [
          '--port', String(port),
          '--bind', '127.0.0.1',
          '--cluster-enabled', 'yes',
          '--cluster-config-file', join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout', '5000',
          '--dir', dir,
          '--appendonly', 'no',
          '--save', '',
          '--maxmemory-policy', 'noeviction',
          '--daemonize', 'no',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      children.push(child);
    }
    for (const port of ports) {
      const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
      client.on('error', () => {}); // refused until the server listens: the wait below retries
      clients.push(client);
    }
    await waitFor(
      async () => {
        if (children.some((c) => c.exitCode !== null)) throw new Error(`redis-cluster: a redis-server exited:\n${output}`);
        const pongs = await Promise.all(clients.map((c) => (c.status === 'wait' ? c.connect().then(() => c.ping()) : c.ping()).catch(() => null)));
        return pongs.every((p) => p === 'PONG');
      },
      START_TIMEOUT_MS,
      100,
    );

    const create = spawnSync(cli, ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], {
      encoding: 'utf8',
      timeout: START_TIMEOUT_MS,
    });
    if (create.status !== 0) throw new Error(`redis-cluster: redis-cli --cluster create failed (${create.status ?? create.signal}):\n${create.stdout}${create.stderr}`);

    await waitFor(
      async () => {
        const infos = await Promise.all(clients.map((c) => c.cluster('INFO').catch(() => '') as Promise<string>));
        return infos.every((info) => /cluster_state:ok/.test(info) && /cluster_slots_ok:16384/.test(info) && new RegExp(`cluster_known_nodes:${nodes}\\b`).test(info));
      },
      START_TIMEOUT_MS,
      100,
    );
  } catch (err) {
    await stop();
    throw err;
  }

  for (const c of clients) c.disconnect();
  clients.length = 0;
  return { url: `redis://127.0.0.1:${ports[0]}?cluster=true`, ports, stop };
}
