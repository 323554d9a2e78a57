/**
 * Side-by-side comparison of two matcher builds on the same inputs, in one
 * process, rounds alternating A, B, A, B… so both see the same machine load
 * (this machine is shared: wall-clock speed moves with the neighbours, so CPU
 * time is reported too, and the best run of each side, the one the
 * neighbours disturbed least). Used by bench/match.ts when NEWSWATCH_MATCH_BASELINE
 * names another checkout's src/match/index.ts.
 */
import type { WatchlistConfig } from '../../src/config/types.js';

interface MatcherModule {
  compileMatcher(watchlists: WatchlistConfig[]): { match(input: { title?: string; text: string }): unknown };
}

export interface AbInput {
  label: string;
  watchlists: WatchlistConfig[];
  text: string;
}

export interface AbSide {
  /** Median and best (least disturbed) compile time. */
  compileMs: number;
  bestCompileMs: number;
  wallMbPerS: number;
  cpuMbPerS: number;
  /** The fastest single run. */
  bestWallMbPerS: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const rate = (chars: number, ms: number): number => Math.round((chars / 1e6 / (ms / 1000)) * 10) / 10;

function measure(mod: MatcherModule, input: AbInput, runs: number): { compile: number; wall: number[]; cpu: number[] } {
  let t = performance.now();
  const matcher = mod.compileMatcher(input.watchlists);
  const compile = performance.now() - t;
  matcher.match({ text: input.text }); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    const c = cpuMs();
    matcher.match({ text: input.text });
    cpu.push(cpuMs() - c);
    wall.push(performance.now() - t);
  }
  return { compile, wall, cpu };
}

/** Medians over `rounds` alternating rounds of `runs` matches each. */
export async function compareMatchers(
  baselinePath: string,
  current: MatcherModule,
  inputs: AbInput[],
  rounds = 8,
  runs = 3,
): Promise<Array<{ label: string; baseline: AbSide; current: AbSide }>> {
  const baseline = (await import(baselinePath)) as MatcherModule;
  return inputs.map((input) => {
    const sides = { baseline: { compile: [] as number[], wall: [] as number[], cpu: [] as number[] }, current: { compile: [] as number[], wall: [] as number[], cpu: [] as number[] } };
    for (let r = 0; r < rounds; r++) {
      for (const [name, mod] of [['baseline', baseline], ['current', current]] as const) {
        const m = measure(mod, input, runs);
        sides[name].compile.push(m.compile);
        sides[name].wall.push(...m.wall);
        sides[name].cpu.push(...m.cpu);
      }
    }
    const summary = (s: { compile: number[]; wall: number[]; cpu: number[] }): AbSide => ({
      compileMs: Math.round(median(s.compile) * 10) / 10,
      bestCompileMs: Math.round(Math.min(...s.compile) * 10) / 10,
      wallMbPerS: rate(input.text.length, median(s.wall)),
      cpuMbPerS: rate(input.text.length, median(s.cpu)),
      bestWallMbPerS: rate(input.text.length, Math.min(...s.wall)),
    });
    return { label: input.label, baseline: summary(sides.baseline), current: summary(sides.current) };
  });
}
