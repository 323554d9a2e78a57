/**
 * The floor phase of the end-to-end bench: 1..n bare fetch + cheerio.load
 * loops (bench/lib/e2e-floor.ts) over the same site, run as child processes.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Env } from './e2e-phases.js';
import { machineCpuSec, readProc, waitForQuiet } from './e2e-proc.js';
import { ROOT, TSX } from './e2e-worker.js';

export interface FloorResult {
  procs: number;
  /** parse5 is cheerio.load's default (the floor the targets use); htmlparser2 is what extraction parses with. */
  parser: 'parse5' | 'htmlparser2';
  pagesPerSec: number;
  cpuSecPerPage: number;
  perProcCores: number[];
  siteCores: number;
  /** Other people's processes on a shared machine during the run. */
  foreignCores: number;
  errors: number;
  windowS: number;
}

/** `procs` bare loops at concurrency 8 each, fetching distinct URLs of the same pages. */
export async function runFloor(env: Env, procs: number, warmupS: number, measureS: number, seqBase: number, parser: FloorResult['parser'] = 'parse5'): Promise<FloorResult> {
  const quiet = await waitForQuiet();
  if (quiet.busyCores >= 0.3) env.log(`  floor: machine still busy (${quiet.busyCores.toFixed(2)} cores used by other processes): figures will be skewed`);
  const siteBefore = readProc(env.site.pid);
  const machineBefore = machineCpuSec().busy;
  const started = Date.now();
  const outputs = await Promise.all(
    Array.from({ length: procs }, (_, i) =>
      new Promise<{ pages: number; errors: number; cpuSec: number; totalCpuSec: number; seconds: number }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', TSX, join(ROOT, 'bench/lib/e2e-floor.ts'), JSON.stringify(env.site.hostBases), String(seqBase + i * 1_000_000), String(warmupS), String(measureS), '8', parser],
          { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`bench: floor exited ${code}`))));
      }),
    ),
  );
  const siteAfter = readProc(env.site.pid);
  const elapsed = (Date.now() - started) / 1000;
  const siteCpu = (siteAfter?.cpuSec ?? 0) - (siteBefore?.cpuSec ?? 0);
  const foreignCores = (machineCpuSec().busy - machineBefore - siteCpu - outputs.reduce((s, o) => s + o.totalCpuSec, 0)) / elapsed;
  const pages = outputs.reduce((s, o) => s + o.pages, 0);
  const cpu = outputs.reduce((s, o) => s + o.cpuSec, 0);
  return {
    procs,
    parser,
    pagesPerSec: pages / measureS,
    cpuSecPerPage: pages > 0 ? cpu / pages : 0,
    perProcCores: outputs.map((o) => o.cpuSec / o.seconds),
    siteCores: siteCpu / elapsed,
    foreignCores,
    errors: outputs.reduce((s, o) => s + o.errors, 0),
    windowS: measureS,
  };
}
