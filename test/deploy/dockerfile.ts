import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Just enough of a Dockerfile parser for the deploy tests: instructions with
 * their continuation lines joined, grouped by stage, and the exec/shell forms,
 * ENV pairs and HEALTHCHECK options read the way `docker build` reads them.
 */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  stages: Stage[];
  /** The last stage: what `docker run` runs. */
  final: Stage;
}

export const ROOT = join(import.meta.dirname, '..', '..');

export function readDockerfile(path = join(ROOT, 'Dockerfile')): Dockerfile {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const trimmed = raw.trim();
    // Comment lines are dropped, also inside a continued instruction.
    if (trimmed.startsWith('#')) return;
    if (!pending && trimmed === '') return;
    const continued = /\\\s*$/.test(raw);
    const piece = continued ? raw.replace(/\\\s*$/, '') : raw;
    pending = pending ? { text: pending.text + ' ' + piece.trim(), line: pending.line } : { text: piece.trim(), line: i + 1 };
    if (!continued) {
      const m = /^(\S+)\s*(.*)$/s.exec(pending.text);
      if (m) instructions.push({ keyword: m[1]!.toUpperCase(), args: m[2]!.trim(), line: pending.line });
      pending = undefined;
    }
  });

  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ image: words[0] ?? '', name: as >= 0 ? words[as + 1] : undefined, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(ins);
    }
  }
  if (stages.length === 0) throw new Error('Dockerfile: no FROM');
  return { stages, final: stages.at(-1)! };
}

export function instructionsOf(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

/** CMD/ENTRYPOINT/RUN arguments as argv: the JSON exec form, or the shell form under /bin/sh -c. */
export function argv(args: string): string[] {
  if (args.startsWith('[')) {
    const parsed: unknown = JSON.parse(args);
    if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`not an exec form: ${args}`);
    return parsed;
  }
  return ['/bin/sh', '-c', args];
}

/** Every ENV of a stage, later ones winning (`ENV A=1 B="two words"` and the legacy `ENV A 1`). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of instructionsOf(stage, 'ENV')) {
    const words = shellWords(ins.args);
    if (words.length > 0 && !words[0]!.includes('=')) {
      env[words[0]!] = words.slice(1).join(' ');
      continue;
    }
    for (const w of words) {
      const eq = w.indexOf('=');
      if (eq > 0) env[w.slice(0, eq)] = w.slice(eq + 1);
    }
  }
  return env;
}

export interface Healthcheck {
  options: Record<string, string>;
  command: string[];
}

export function healthcheckOf(stage: Stage): Healthcheck | undefined {
  const ins = instructionsOf(stage, 'HEALTHCHECK').at(-1);
  if (!ins || /^NONE$/i.test(ins.args)) return undefined;
  const options: Record<string, string> = {};
  let rest = ins.args;
  for (let m = /^--([\w-]+)=(\S+)\s+/.exec(rest); m; m = /^--([\w-]+)=(\S+)\s+/.exec(rest)) {
    options[m[1]!] = m[2]!;
    rest = rest.slice(m[0].length);
  }
  const cmd = /^CMD\s+(.*)$/is.exec(rest);
  if (!cmd) throw new Error(`HEALTHCHECK without CMD: ${ins.args}`);
  return { options, command: argv(cmd[1]!.trim()) };
}

function shellWords(s: string): string[] {
  const words: string[] = [];
  for (const m of s.matchAll(/(?:[^\s"']+|"(?:[^"\\]|\\.)*"|'[^']*')+/g)) {
    words.push(m[0].replace(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_, dq: string | undefined, sq: string | undefined) => dq?.replace(/\\(.)/g, '$1') ?? sq ?? ''));
  }
  return words;
}

/**
 * Whether .dockerignore keeps `path` (relative, forward slashes) out of the
 * build context: the last pattern matching the path or one of its parent
 * folders decides, `!` re-includes (Docker's own rule).
 */
export function dockerIgnores(patterns: string[], path: string): boolean {
  const parts = path.split('/');
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).trim().replace(/^\/+|\/+$/g, '');
    if (!pattern) continue;
    const re = globToRegExp(pattern);
    for (let n = 1; n <= parts.length; n++) {
      if (re.test(parts.slice(0, n).join('/'))) {
        ignored = !negated;
        break;
      }
    }
  }
  return ignored;
}

export function readDockerignore(path = join(ROOT, '.dockerignore')): string[] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` anything.
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
