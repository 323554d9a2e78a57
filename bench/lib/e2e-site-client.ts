/** The bench's handle on the load-generator child (bench/lib/e2e-site.ts), over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import type { PhaseSpec, SiteStats } from './e2e-site.js';
import type { SiteHostReport } from './e2e-host-watch.js';

/** What the site knows of one item: published, first served in a feed, its page requested and answered (ms). */
export interface ItemTimes {
  seq: number;
  at?: number;
  served?: number;
  fetchStart?: number;
  fetchEnd?: number;
}
import { ROOT, TSX } from './e2e-worker.js';

export interface SiteClient {
  pid: number;
  hostBases: string[];
  hookUrl: string;
  setPhase(spec: PhaseSpec): Promise<void>;
  stats(since?: number): Promise<SiteStats>;
  /** Burst mode: `count` new items on feed `feed`, now; their sequence numbers. */
  publish(feed: number, count: number): Promise<number[]>;
  items(seqs: number[]): Promise<ItemTimes[]>;
  /** The per-host politeness the site saw since the phase began. */
  hosts(): Promise<SiteHostReport>;
  close(): Promise<void>;
}

export async function startSite(): Promise<SiteClient> {
  const child: ChildProcess = fork(join(ROOT, 'bench/lib/e2e-site.ts'), [], {
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // The site is the measuring instrument: it timestamps each request's arrival on its own event loop, so when
  // the 2 cores are busy a descheduled site reads arrivals late and reports gaps shorter than were sent. A
  // higher priority keeps it on time; it needs root (CAP_SYS_NICE), and without it the site runs as before.
  try {
    setPriority(child.pid!, -10);
  } catch {
    console.log('bench: could not raise the site process priority (needs root); its arrival times may jitter more');
  }
  let nextId = 1;
  const waiting = new Map<number, (msg: any) => void>();
  const ready = new Promise<{ hostBases: string[]; hookUrl: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench: site process exited with ${code}`)));
    child.on('message', (msg: any) => {
      if (msg.type === 'ready') resolve(msg);
      else waiting.get(msg.id)?.(msg);
    });
  });
  const call = (msg: object): Promise<any> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, (reply) => {
        waiting.delete(id);
        resolve(reply);
      });
      child.send({ ...msg, id });
    });
  const { hostBases, hookUrl } = await ready;
  return {
    pid: child.pid!,
    hostBases,
    hookUrl,
    setPhase: async (spec) => void (await call({ type: 'phase', spec })),
    stats: async (since) => (await call({ type: 'stats', since: since ?? Number.MAX_SAFE_INTEGER })).stats as SiteStats,
    publish: async (feed, count) => (await call({ type: 'publish', feed, count })).seqs as number[],
    items: async (seqs) => (await call({ type: 'items', seqs })).items as ItemTimes[],
    hosts: async () => (await call({ type: 'hosts' })).hosts,
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'exit' });
      await exited;
    },
  };
}
