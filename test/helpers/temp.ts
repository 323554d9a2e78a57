/**
 * Temporary folders that clean up after themselves: every folder made here
 * is removed after its test file (test/setup/temp-cleanup.ts registers that),
 * so a run leaves nothing behind in the system's temp folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh folder under the system's temp folder, removed after this test file. */
export function tempDir(prefix = 'newswatch-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir made so far (the setup file calls it after each test file). */
export function removeTempDirs(): void {
  while (made.length > 0) rmSync(made.pop()!, { recursive: true, force: true });
}
