import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// V8's gc() without starting the test runner with --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterFullGc(): number {
  // Twice: the first collection can leave what finalizers only then let go of.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Bytes of V8 heap still held after `run` returned (or its promise settled) and everything it made unreachable is collected. */
export async function retainedBytes(run: () => void | Promise<void>): Promise<number> {
  const before = heapAfterFullGc();
  await run();
  return heapAfterFullGc() - before;
}

/**
 * A fresh string of `html` with `padBytes` of comment and a class prefix
 * unique to `n`, built at run time: each copy is its own string in memory,
 * as every fetched page is.
 */
export function uniquePage(html: string, n: number, padBytes: number): string {
  const pad = `<!-- page ${n} ${'x'.repeat(padBytes)} -->`;
  return [html.replace(/class="/g, `class="page${n}-`), pad].join('\n');
}
