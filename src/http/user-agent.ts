import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package version, read from the nearest package.json named "newswatch".
 * Walking up works from both src/ (tests, tsx) and dist/src/ (built) without
 * baking the version into the source.
 */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'newswatch' && pkg.version) return pkg.version;
    } catch {
      // no package.json here; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return '0.0.0';
}

/** Identifies us to publishers, with a link they can follow if the polling bothers them. */
export const USER_AGENT = `newswatch/${packageVersion()} (+https://github.com/newswatch/newswatch)`;
