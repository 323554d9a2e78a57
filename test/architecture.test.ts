import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('layout', () => {
  const files = sources(join(ROOT, 'src'));

  it('keeps src/ free of BullMQ and of workers/: stages stay plain functions and thin clients', () => {
    const offenders = files.filter((f) => /from '(bullmq|[./]*\/workers\/[^']*)'/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('keeps source files small', () => {
    const large = [...files, ...sources(join(ROOT, 'workers'))]
      .map((f) => ({ file: relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 300);
    expect(large).toEqual([]);
  });
});
