import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Four projects, so a developer runs the fast ones alone:
 *   unit         pure functions, fixture files; no Redis, no servers (seconds)
 *   integration  a real redis-server and HTTP servers on 127.0.0.1, the worker in-process or as a CLI
 *   reliability  crashes, outages, hostile input, several processes, Redis Cluster (minutes)
 *   browser      tests that drive a real chromium
 * `npm test` runs all four; `npm run test:unit` (and :integration, :reliability) one.
 * A test file belongs to the project of its folder; a new folder is unit unless listed here.
 */
const RELIABILITY_DIRS = ['test/reliability/', 'test/ops/'];
const BROWSER_DIRS = ['test/browser/'];
const INTEGRATION_DIRS = ['test/workers/', 'test/http/', 'test/state/', 'test/examples/', 'test/deploy/'];
/** Files outside those folders that start servers, and pure files inside them. */
const INTEGRATION_FILES = ['test/alert/deliver.test.ts', 'test/alert/targets.test.ts', 'test/pipeline/source-kinds.test.ts'];
const PURE_FILES = [
  'test/http/content-type.test.ts',
  'test/http/errors.test.ts',
  'test/http/retry-after.test.ts',
  'test/http/ssrf.test.ts',
  'test/workers/backoffs.test.ts',
  'test/workers/poll-claim.test.ts',
  'test/deploy/dockerfile.test.ts',
];

type Project = 'unit' | 'integration' | 'reliability' | 'browser';

function projectOf(file: string): Project {
  const under = (dirs: string[]) => dirs.some((dir) => file.startsWith(dir));
  if (under(RELIABILITY_DIRS)) return 'reliability';
  if (under(BROWSER_DIRS)) return 'browser';
  if (PURE_FILES.includes(file)) return 'unit';
  if (under(INTEGRATION_DIRS) || INTEGRATION_FILES.includes(file)) return 'integration';
  return 'unit';
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = testFiles('test');
const project = (name: Project, timeoutMs: number, extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, include: files.filter((file) => projectOf(file) === name), testTimeout: timeoutMs, hookTimeout: timeoutMs, ...extra },
});

export default defineConfig({
  test: {
    pool: 'forks',
    // Removes the temp folders each test file made (test/helpers/temp.ts).
    setupFiles: ['test/setup/temp-cleanup.ts'],
    projects: [project('unit', 30_000, { pool: 'threads', isolate: false }), project('integration', 30_000), project('reliability', 120_000), project('browser', 60_000, { include: ['test/browser/**/*.test.ts'] })],
  },
});
