import type { ConfigIssue } from './types.js';

export type ConfigPath = ReadonlyArray<string | number>;

/**
 * A mistake found before positions are known: where it is (a path into the
 * YAML tree) and what is wrong. `at: 'key'` points at the key of the last
 * path segment (unknown keys), otherwise at the value; a path that does not
 * exist in the file falls back to its nearest existing ancestor.
 */
export interface PathIssue {
  path: ConfigPath;
  message: string;
  at?: 'key' | 'value';
}

/** `watchlists[0].entities[2].name`, or `(top level)` for the root. */
export function pathToString(path: ConfigPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(top level)' : out;
}

/** Each issue as `FILE:LINE:COL message`, one per line. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.message}`).join('\n');
}

export function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.col - b.col);
}

/**
 * Last line of defence for secrets: messages are written never to echo
 * values, but should one slip through, every known secret string (webhook
 * urls and secrets, values read from the environment) is masked.
 */
export function redactSecrets(message: string, secrets: Iterable<string>): string {
  let out = message;
  for (const s of secrets) {
    if (s.length >= 6) out = out.split(s).join('***');
  }
  return out;
}
