import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { crossChecks } from './checks.js';
import { interpolateEnv, type Env } from './env.js';
import { pathToString, redactSecrets, sortIssues, type ConfigPath, type PathIssue } from './issues.js';
import { locate, positionOf } from './positions.js';
import { resolveConfig } from './resolve.js';
import { configSchema, knownKeysAt } from './schema.js';
import { closestKey } from './suggest.js';
import type { ConfigIssue, NewswatchConfig } from './types.js';

export type ParseResult = { ok: true; config: NewswatchConfig } | { ok: false; issues: ConfigIssue[] };

export interface ParseOptions {
  /**
   * What the file must hold. `full` (the worker): feeds, watchlists and
   * webhooks. `watchlists` (`scan`, testing matching): only the watchlists
   * (and feeds, when present) and fetch settings are read; webhooks,
   * `notify` and their `${VAR}`s are ignored. `auto` (`validate`): `watchlists` for a file with
   * neither feeds nor webhooks, else `full`.
   */
  scope?: 'full' | 'watchlists' | 'auto';
}

/** Configs read as watchlists only: fine to match with, not to run a worker on. */
export const watchlistsOnly = new WeakSet<NewswatchConfig>();

/** Values from the environment of each config parsed here, so the summary can mask them too. */
export const envValuesOf = new WeakMap<NewswatchConfig, readonly string[]>();

/**
 * Parses and validates a config file's text. Pure: `env` stands in for the
 * process environment. Every mistake is reported at once, YAML syntax
 * errors included, each with its line and column, sorted by position.
 */
export function parseConfigText(text: string, file: string, env: Env, options: ParseOptions = {}): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: true, prettyErrors: false, uniqueKeys: true, merge: true });
  // A tab used as indentation throws the parser off for the rest of the block, and its follow-on
  // errors ("nested mappings", "implicit keys") would bury the cause: report the tabs alone.
  const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
  if (tabs.length > 0) {
    return fail(tabs.map((e) => ({ file, ...positionOf(e.pos[0], lines), message: TAB_MESSAGE })), []);
  }
  const issues: ConfigIssue[] = doc.errors.map((e) => ({
    file,
    ...positionOf(e.pos[0], lines),
    message: `yaml: ${YAML_MESSAGES[e.code] ?? e.message.split('\n')[0]}`,
  }));
  // Past a syntax error the tree is guesswork (an open quote swallows the
  // rest of the file), so only schema issues before the first one are
  // trusted, and "missing" is never trusted. Duplicate keys leave the tree intact.
  const syntaxErrorAt = Math.min(...doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY').map((e) => e.pos[0]));
  const at = (path: ConfigPath, message: string, where?: 'key' | 'value'): ConfigIssue => {
    const { line, col } = locate(doc, lines, path, where);
    return { file, line, col, message };
  };

  let tree: unknown;
  try {
    tree = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    issues.push(at([], `yaml: ${(err as Error).message.split('\n')[0]}`));
    return fail(issues, []);
  }
  if (tree === null || tree === undefined) {
    if (issues.length === 0) issues.push({ file, line: 1, col: 1, message: 'config file is empty: expected feeds, watchlists and webhooks' });
    return fail(issues, []);
  }
  if (typeof tree !== 'object' || Array.isArray(tree)) {
    issues.push(at([], 'the top level must be a mapping with feeds, watchlists and webhooks'));
    return fail(issues, []);
  }

  const scope = options.scope === 'auto' ? (isWatchlistsOnly(tree as Record<string, unknown>) ? 'watchlists' : 'full') : (options.scope ?? 'full');
  const own = withoutExtensions(tree as Record<string, unknown>);
  const interpolated = interpolateEnv(scope === 'watchlists' ? watchlistsPart(own) : own, env);
  const envPaths = interpolated.envPaths.map(pathKey);
  const quotable = (path: ConfigPath) => !envPaths.includes(pathKey(path));
  const parsed = configSchema.safeParse(interpolated.value);
  const pathIssues: PathIssue[] = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((i) => fromZod(i, interpolated.value))),
    ...crossChecks(interpolated.value, quotable),
  ];
  // A value whose ${VAR} failed is reported once, for the variable, not again for its shape.
  const failedEnv = interpolated.issues.map((i) => pathKey(i.path));
  const kept = pathIssues.filter((i) => !failedEnv.some((p) => pathKey(i.path).startsWith(p)));
  for (const i of [...interpolated.issues, ...kept]) {
    const node = locate(doc, lines, i.path, i.at);
    if (node.end >= syntaxErrorAt || (i.message.startsWith(MISSING) && syntaxErrorAt !== Infinity)) continue;
    const hint = scope === 'full' && i.path.length === 1 && i.message === MISSING && isWatchlistsOnly(own) ? WATCHLISTS_ONLY_HINT : '';
    issues.push({ file, line: node.line, col: node.col, message: `${pathToString(i.path)}: ${i.message}${hint}` });
  }

  const secrets = [...interpolated.envValues, ...webhookSecrets(tree), ...webhookSecrets(interpolated.value)];
  if (issues.length > 0 || !parsed.success) return fail(issues, secrets);
  const config = resolveConfig(parsed.data);
  envValuesOf.set(config, interpolated.envValues);
  if (scope === 'watchlists') watchlistsOnly.add(config);
  return { ok: true, config };
}

function fail(issues: ConfigIssue[], secrets: string[]): ParseResult {
  const seen = new Set<string>();
  const unique = issues
    .map((i) => ({ ...i, message: redactSecrets(i.message, secrets) }))
    .filter((i) => {
      const key = `${i.line}:${i.col}:${i.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  return { ok: false, issues: sortIssues(unique) };
}

const MISSING = 'missing required field';

const YAML_MESSAGES: Partial<Record<string, string>> = {
  MULTIPLE_DOCS: 'a config file holds one YAML document (remove the ---)',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
};

function fromZod(issue: z.core.$ZodIssue, tree: unknown): PathIssue[] {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(path);
    return issue.keys.map((key) => {
      const hint = closestKey(key, known);
      return { path: [...path, key], at: 'key' as const, message: `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}` };
    });
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    if (valueAt(tree, path) === undefined) return [{ path, message: MISSING }];
    const value = valueAt(tree, path);
    if (issue.code === 'invalid_type' && issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
      // YAML reads `id: 2024` or `name: yes` as a number or boolean, not text.
      return [{ path, message: `must be text, not a ${typeof value} (put it in quotes)` }];
    }
    if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return [{ path, message: value === null ? `has no value (expected ${expected})` : `must be ${expected}` }];
    }
  }
  return [{ path, message: issue.message }];
}

const WATCHLISTS_ONLY_HINT = ' (a file of watchlists alone is enough for scan and validate; run needs feeds and webhooks too)';

const TAB_MESSAGE = 'yaml: a tab indents this line; YAML indents with spaces only (replace the tab with spaces)';

function isWatchlistsOnly(tree: Record<string, unknown>): boolean {
  return 'watchlists' in tree && !('feeds' in tree) && !('webhooks' in tree);
}

/**
 * The part of a config that matching reads: no webhooks to check, so
 * watchlists notify nobody. Feeds stay when the file has them (`scan` reads
 * a configured URL's type and links from them).
 */
function watchlistsPart(tree: Record<string, unknown>): Record<string, unknown> {
  const { webhooks: _webhooks, ...rest } = tree;
  const watchlists = Array.isArray(rest.watchlists)
    ? rest.watchlists.map((w: unknown) => {
        if (w === null || typeof w !== 'object' || Array.isArray(w)) return w;
        const { notify: _notify, ...kept } = w as Record<string, unknown>;
        return kept;
      })
    : rest.watchlists;
  return { ...rest, watchlists, feeds: rest.feeds ?? [], webhooks: [] };
}

/** Top-level `x-…` keys are the user's own (a place for YAML anchors), as in Compose files. */
function withoutExtensions(tree: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(tree).filter(([k]) => !k.startsWith('x-')));
}

function valueAt(tree: unknown, path: ConfigPath): unknown {
  let node = tree;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

function webhookSecrets(tree: unknown): string[] {
  const hooks = (tree as { webhooks?: unknown }).webhooks;
  if (!Array.isArray(hooks)) return [];
  return hooks.flatMap((h: unknown) => {
    const { url, secret } = (h ?? {}) as { url?: unknown; secret?: unknown };
    return [url, secret].filter((v): v is string => typeof v === 'string');
  });
}

/** A path as a prefix-comparable string: `feeds\u00000\u0000url\u0000`. */
function pathKey(path: ConfigPath): string {
  return path.map((s) => `${s}\u0000`).join('');
}
