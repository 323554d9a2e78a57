import type { ConfigPath, PathIssue } from './issues.js';

export type Env = Record<string, string | undefined>;

export interface Interpolated {
  /** The tree with every `${NAME}` replaced. */
  value: unknown;
  issues: PathIssue[];
  /** Paths of the string values that contained at least one `${...}`. */
  envPaths: ConfigPath[];
  /** Values read from the environment: secrets until proven otherwise. */
  envValues: string[];
}

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${NAME}` in every string scalar of the tree (keys are left
 * alone). `$${` is a literal `${`. A missing variable is an issue at that
 * value, never an empty string; messages name the variable, not its value.
 */
export function interpolateEnv(tree: unknown, env: Env): Interpolated {
  const out: Interpolated = { value: undefined, issues: [], envPaths: [], envValues: [] };
  out.value = walk(tree, [], env, out);
  return out;
}

function walk(node: unknown, path: ConfigPath, env: Env, out: Interpolated): unknown {
  if (typeof node === 'string') return interpolateString(node, path, env, out);
  if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i], env, out));
  if (node !== null && typeof node === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) copy[k] = walk(v, [...path, k], env, out);
    return copy;
  }
  return node;
}

function interpolateString(s: string, path: ConfigPath, env: Env, out: Interpolated): string {
  if (!s.includes('${')) return s;
  let result = '';
  let i = 0;
  let usedEnv = false;
  let failed = false;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      result += '${';
      i += 3;
      continue;
    }
    if (!s.startsWith('${', i)) {
      result += s[i];
      i += 1;
      continue;
    }
    usedEnv = true;
    const end = s.indexOf('}', i + 2);
    if (end < 0) {
      out.issues.push({ path, message: 'unterminated ${ (write $${ for a literal ${)' });
      return s;
    }
    const name = s.slice(i + 2, end);
    if (!VAR_NAME.test(name)) {
      out.issues.push({ path, message: `\${${name}} is not a valid environment variable name` });
      return s;
    }
    const value = env[name];
    if (value === undefined) {
      // Keep going so every missing variable of this value is reported.
      out.issues.push({ path, message: `environment variable ${name} is not set` });
      failed = true;
    } else {
      out.envValues.push(value);
      result += value;
    }
    i = end + 1;
  }
  if (usedEnv) out.envPaths.push(path);
  return failed ? s : result;
}
