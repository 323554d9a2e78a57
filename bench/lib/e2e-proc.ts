/** CPU and memory of a process from /proc (Linux), for the end-to-end bench. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

export interface ProcSample {
  /** User plus system CPU seconds since the process started (all its threads). */
  cpuSec: number;
  rssMb: number;
  /** Peak resident set (VmHWM). */
  peakRssMb: number;
}

/** undefined once the process is gone. */
export function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSec = (Number(fields[11]) + Number(fields[12])) / clockTicks();
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { cpuSec, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Whole-machine busy CPU seconds (all cores) from /proc/stat, to show what the load generators take. */
export function machineCpuSec(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / clockTicks(), total: total / clockTicks() };
}

/**
 * Waits (at most maxWaitS) until the machine is nearly idle: other people's
 * processes on a shared machine skew every figure here. Returns the busy
 * cores seen in the last one-second look.
 */
export async function waitForQuiet(maxWaitS = 45, thresholdCores = 0.3): Promise<{ waitedS: number; busyCores: number }> {
  const started = Date.now();
  for (;;) {
    const a = machineCpuSec();
    await new Promise((r) => setTimeout(r, 1000));
    const b = machineCpuSec();
    const busyCores = (b.busy - a.busy) / ((b.total - a.total) / cpus().length || 1);
    const waitedS = (Date.now() - started) / 1000;
    if (busyCores < thresholdCores || waitedS >= maxWaitS) return { waitedS: Math.round(waitedS), busyCores };
  }
}
