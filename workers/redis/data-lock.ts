import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * One worker per embedded-Redis data folder. A second redis-server on the
 * same append-only file would corrupt it, and a second worker would overwrite
 * the address file the CLI reads. The lock is a file created exclusively
 * (O_EXCL) holding the owner's pid; a lock whose pid is no longer alive (the
 * worker was killed) is taken over. The CLI's one-off commands read it to
 * tell "no worker is running" from "the worker's Redis does not answer".
 */
const LOCK_FILE = 'newswatch.lock';

/** Folders this process holds: the pid alone cannot tell two holders in one process apart. */
const heldHere = new Set<string>();

export interface DataLock {
  dir: string;
  release(): Promise<void>;
}

export class DataFolderBusyError extends Error {
  override readonly name = 'DataFolderBusyError';
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `newswatch: a worker is already running on ${dir} (pid ${pid}). ` +
        'Stop it first (kill ' + pid + '), or run this one on your own Redis (REDIS_URL).',
    );
  }
}

/** Takes the data folder for this process; throws DataFolderBusyError if a live process holds it. */
export async function lockDataFolder(dataDir: string): Promise<DataLock> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  if (heldHere.has(dir)) throw new DataFolderBusyError(dataDir, process.pid);
  // Two tries: the second after removing a stale lock (whose owner died).
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldHere.add(dir);
      return {
        dir,
        release: async () => {
          if (!heldHere.delete(dir)) return;
          // Only our own lock: never remove one a later worker took over.
          if ((await lockOwner(dir)) === process.pid) await unlink(file).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = await readPid(file);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) throw new DataFolderBusyError(dataDir, owner);
      // Stale (its owner died, or a pid this process reused): re-read right before removing, to narrow the
      // window in which another starter could take it over first.
      if ((await readPid(file)) === owner) await unlink(file).catch(() => undefined);
    }
  }
  const owner = await readPid(file);
  throw new DataFolderBusyError(dataDir, owner ?? 0);
}

/** The pid of the live process holding the data folder, or undefined when none does. */
export async function lockOwner(dataDir: string): Promise<number | undefined> {
  const pid = await readPid(join(resolve(dataDir), LOCK_FILE));
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Signal 0 checks a process exists without touching it; EPERM means it exists but is someone else's. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
