import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(__dirname, '../..');

/** tsx's loader by absolute URL, so the CLI runs from source in any working directory. */
const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;
const CLI = join(ROOT, 'workers/cli.ts');

export function cliArgs(args: string[]): string[] {
  return ['--import', TSX, CLI, ...args];
}

/** Runs `newswatch ARGS` to completion (killed after `timeoutMs`). */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT, timeoutMs = 30_000) {
  const result = spawnSync(process.execPath, cliArgs(args), {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `newswatch ARGS` as a long-running process (a worker). */
export function spawnCli(args: string[], env: Record<string, string | undefined> = {}, cwd = ROOT): ChildProcess {
  return spawn(process.execPath, cliArgs(args), {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
