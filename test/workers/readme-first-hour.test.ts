import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/** The README's "First five minutes" commands, as written (each `npx newswatch …` line, comments dropped). */
function firstFiveMinutes(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n## First five minutes\n')[1]?.split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('npx newswatch '));
}

describe("README's first five minutes, run as written, offline", { timeout: 120_000 }, () => {
  const lines = firstFiveMinutes();

  it('has the commands a newcomer runs first', () => {
    expect(lines.map((l) => l.split(' ')[2])).toEqual(['demo', 'scan', 'validate', 'schema', '--help', 'scan']);
  });

  it.each(lines)('%s', (line) => {
    const [command, redirect] = line.slice('npx newswatch '.length).split(' > ');
    // No REDIS_URL and no Redis anywhere: only the demo's own embedded one may run.
    const r = runCli(command!.split(' '), { REDIS_URL: '', CONFIG_PATH: '/nonexistent.yaml' }, ROOT, 100_000);
    expect(r.code, r.stderr).toBe(0);
    if (command === 'demo') {
      expect(r.stdout).toContain('"type": "article.matched"');
      expect(r.stderr).toMatch(/demo: alert received and its signature verified/);
      for (const name of ['Steve Witkoff', 'Khalil al-Hayya', 'Jared Kushner']) expect(r.stdout).toContain(`"name": "${name}"`);
    } else if (command!.startsWith('scan examples')) {
      expect(JSON.parse(r.stdout).matches).toHaveLength(3);
    } else if (command!.startsWith('validate')) {
      expect(r.stdout).toMatch(/: OK \(watchlists only/);
    } else if (redirect) {
      expect(JSON.parse(r.stdout).properties).toHaveProperty('watchlists');
    } else {
      expect(r.stdout).toMatch(/^Usage: newswatch /);
    }
  });
});
