import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderBusyError, lockDataFolder, lockOwner } from '../../workers/redis/data-lock.js';
import { connectForCommand, NoWorkerError } from '../../workers/redis/for-command.js';
import { startEmbeddedRedis } from '../../workers/redis/embedded.js';

const fresh = () => tempDir('nw-lock-');

/** A pid that certainly belongs to no process: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe('the data-folder lock', () => {
  const children: Array<ReturnType<typeof spawn>> = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
  });

  it('is exclusive within a process and released on release()', async () => {
    const dir = fresh();
    const lock = await lockDataFolder(dir);
    expect(readFileSync(join(dir, 'newswatch.lock'), 'utf8').trim()).toBe(String(process.pid));
    expect(await lockOwner(dir)).toBe(process.pid);
    await expect(lockDataFolder(dir)).rejects.toBeInstanceOf(DataFolderBusyError);
    await lock.release();
    expect(existsSync(join(dir, 'newswatch.lock'))).toBe(false);
    expect(await lockOwner(dir)).toBeUndefined();
    const again = await lockDataFolder(dir);
    await again.release();
  });

  it('is refused while another live process holds it, naming its pid', async () => {
    const dir = fresh();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(holder);
    writeFileSync(join(dir, 'newswatch.lock'), `${holder.pid}\n`);
    const err = await lockDataFolder(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataFolderBusyError);
    expect((err as Error).message).toContain(`pid ${holder.pid}`);
    expect(readFileSync(join(dir, 'newswatch.lock'), 'utf8').trim()).toBe(String(holder.pid));
  });

  it('is taken over from a process that died without releasing it', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'newswatch.lock'), `${deadPid()}\n`);
    expect(await lockOwner(dir)).toBeUndefined();
    const lock = await lockDataFolder(dir);
    expect(await lockOwner(dir)).toBe(process.pid);
    await lock.release();
  });

  it('is taken by the embedded redis-server before it starts, so a second one on the folder never starts', async () => {
    const dir = fresh();
    const first = await startEmbeddedRedis({ dataDir: dir });
    try {
      const aof = statSync(join(dir, 'appendonlydir')).mtimeMs;
      await expect(startEmbeddedRedis({ dataDir: dir })).rejects.toBeInstanceOf(DataFolderBusyError);
      expect(statSync(join(dir, 'appendonlydir')).mtimeMs).toBe(aof);
    } finally {
      await first.stop();
    }
    expect(await lockOwner(dir)).toBeUndefined();
  });
});

describe('a one-off command finding Redis', () => {
  it('says no worker is running, and starts no redis-server of its own', async () => {
    const dir = fresh();
    const err = await connectForCommand(undefined, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoWorkerError);
    expect((err as Error).message).toMatch(/no worker is running on .*newswatch run.*REDIS_URL/);
    expect(existsSync(join(dir, 'appendonlydir'))).toBe(false);
  });

  it("uses the running worker's recorded address while its lock is held", async () => {
    const dir = fresh();
    const server = await startEmbeddedRedis({ dataDir: dir, appendOnly: false });
    try {
      writeFileSync(join(dir, 'newswatch-redis.url'), server.url + '\n');
      const { redis, close } = await connectForCommand(undefined, dir);
      expect(await redis.ping()).toBe('PONG');
      await close();
    } finally {
      await server.stop();
    }
    // The worker is gone: its address file is stale, and the command says so instead of using it.
    await expect(connectForCommand(undefined, dir)).rejects.toBeInstanceOf(NoWorkerError);
  });
});
