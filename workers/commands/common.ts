import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import type { WorkerEnv } from '../runtime/env.js';

/** A command line that cannot be run as given (exit 2, like commander's own usage errors). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of every command: the work succeeded, the work failed (bad config, fetch failed, nothing running), or the command line was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const configOption = () => new Option('-c, --config <file>', 'the config file (default: $CONFIG_PATH, else config/newswatch.yaml)');

export const jsonOption = () => new Option('--json', 'print JSON instead of text');

/** The "Examples:" block at the end of a command's --help. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

let env: WorkerEnv | undefined;

/** The checked environment (workers/runtime/env.ts), read once, when a command first needs it. */
export async function cliEnv(): Promise<WorkerEnv> {
  if (!env) env = (await import('../runtime/env.js')).readEnv(process.env);
  return env;
}

/** The config path a command reads: --config, else CONFIG_PATH, else the default. */
export async function configPathFrom(opts: { config?: string }): Promise<string> {
  return opts.config ?? (await cliEnv()).CONFIG_PATH;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Columns padded to their widest cell (capped), for terminal tables. */
export function printTable(rows: string[][], maxWidth = 60): void {
  const widths = rows[0]!.map((_, i) => Math.min(maxWidth, Math.max(...rows.map((r) => (r[i] ?? '').length))));
  for (const r of rows) process.stdout.write(r.map((c, i) => c.slice(0, maxWidth).padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
}

/** The package's folder, found upwards from this file (workers/commands/ from source, dist/workers/commands/ when built). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'newswatch') return dir;
    } catch {
      // not here: one folder up
    }
  }
  throw new Error('newswatch: cannot find its own package.json');
}
