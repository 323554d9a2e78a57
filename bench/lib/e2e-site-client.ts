/** The bench's handle on the load-generator child (bench/lib/e2e-site.ts), over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { PhaseSpec, SiteStats } from './e2e-site.js';
import { ROOT, TSX } from './e2e-worker.js';

export interface SiteClient {
  pid: number;
  hostBases: string[];
  hookUrl: string;
  setPhase(spec: PhaseSpec): Promise<void>;
  stats(since?: number): Promise<SiteStats>;
  close(): Promise<void>;
}

export async function startSite(): Promise<SiteClient> {
  const child: ChildProcess = fork(join(ROOT, 'bench/lib/e2e-site.ts'), [], {
    execArgv: ['--import', TSX],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
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
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'exit' });
      await exited;
    },
  };
}
