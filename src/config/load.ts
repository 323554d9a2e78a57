import { readFile } from 'node:fs/promises';
import type { Env } from './env.js';
import { formatIssues } from './issues.js';
import { parseConfigText, type ParseOptions } from './parse.js';
import type { ConfigIssue, NewswatchConfig } from './types.js';

/** A config that cannot be used; `message` lists every issue as `FILE:LINE:COL message`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(formatIssues(issues));
    this.issues = issues;
  }
}

/** Reads, interpolates and validates a config file; throws ConfigError with every issue. */
export async function loadConfigFile(path: string, env: Env = process.env, options: ParseOptions = {}): Promise<NewswatchConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? `file not found ${NOT_FOUND_HINT}` : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read file (${code ?? 'unknown error'})`;
    throw new ConfigError([{ file: path, line: 1, col: 1, message: why }]);
  }
  const result = parseConfigText(text, path, env, options);
  if (!result.ok) throw new ConfigError(result.issues);
  return result.config;
}

/** A newcomer's first error is usually this one: say where the path came from and how to start. */
export const NOT_FOUND_HINT = '(the config file is CONFIG_PATH, or --config FILE; start from config/newswatch.example.yaml)';
