/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and
 * per place (a package under node_modules, a file of ours, or a V8 bucket
 * such as (garbage collector)), as shares of the sampled time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleShare: number;
  functions: ProfileRow[];
  places: ProfileRow[];
}

function placeOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`.replace(/^\(\((.*)\)\)$/, '($1)');
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return url;
  const ours = /\/dist\/(.*)$|\/(src\/.*|workers\/.*)$/.exec(url);
  return ours ? (ours[1] ?? ours[2])! : url;
}

export function summariseProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const fn = new Map<string, number>();
  const place = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    total += ms;
    if (functionName === '(idle)') {
      idle += ms;
      continue;
    }
    const p = placeOf(url, functionName);
    const key = `${functionName || '(anonymous)'} ${p}${url ? `:${lineNumber + 1}` : ''}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
    place.set(p, (place.get(p) ?? 0) + ms);
  }
  const busy = total - idle;
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: busy > 0 ? ms / busy : 0 }));
  return { totalMs: Math.round(total), idleShare: total > 0 ? idle / total : 0, functions: rows(fn), places: rows(place) };
}

if (process.argv[1] && /e2e-profile\.[tj]s$/.test(process.argv[1]) && process.argv[2]) {
  const s = summariseProfile(process.argv[2], Number(process.argv[3] ?? 25));
  console.log(`sampled ${(s.totalMs / 1000).toFixed(1)} s, idle ${(s.idleShare * 100).toFixed(1)}%; shares of busy time:`);
  for (const r of s.places) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
  console.log('top self-time functions:');
  for (const r of s.functions) console.log(`  ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
}
