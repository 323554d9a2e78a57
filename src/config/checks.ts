import { isDuration, parseDuration } from './durations.js';
import { pathToString, type ConfigPath, type PathIssue } from './issues.js';
import { isHttpUrl, isTargetUrl, WEBHOOK_FORMATS } from './schema.js';
import { selectorError } from '../source/selector.js';

/**
 * Checks that span fields: duplicate ids and feed URLs, references between
 * sections, and ordered pairs of durations. They read the tree defensively
 * (it may be malformed: the schema reports that), so all mistakes surface in
 * one run. `quotable(path)` says whether a value may be named in a message:
 * values from the environment never are.
 */
export function crossChecks(tree: unknown, quotable: (path: ConfigPath) => boolean): PathIssue[] {
  const issues: PathIssue[] = [];
  const root = asRecord(tree);
  if (!root) return issues;
  const name = (path: ConfigPath, value: string) => (quotable(path) ? ` "${value}"` : '');

  const watchlists = asList(root.watchlists);
  const webhooks = asList(root.webhooks);
  const feeds = asList(root.feeds);

  const watchlistIds = uniqueIds(watchlists, ['watchlists'], 'watchlist id', issues, name);
  const webhookIds = uniqueIds(webhooks, ['webhooks'], 'webhook id', issues, name);

  watchlists.forEach((w, i) => {
    const wl = asRecord(w);
    if (!wl) return;
    uniqueIds(asList(wl.entities), ['watchlists', i, 'entities'], 'entity id in this watchlist', issues, name);
    nearNeedsContext(wl, i, issues);
    asList(wl.notify).forEach((target, j) => {
      const path = ['watchlists', i, 'notify', j];
      if (typeof target === 'string' && !webhookIds.has(target)) {
        issues.push({ path, message: `no webhook with id${name(path, target)}` });
      }
    });
  });

  const seenUrls = new Map<string, number>();
  feeds.forEach((f, i) => {
    const feed = asRecord(f);
    if (!feed) return;
    if (typeof feed.url === 'string' && isHttpUrl(feed.url)) {
      const key = new URL(feed.url.trim()).href;
      const first = seenUrls.get(key);
      const path = ['feeds', i, 'url'];
      if (first !== undefined) issues.push({ path, message: `same feed URL as feeds[${first}]` });
      else seenUrls.set(key, i);
    }
    if (typeof feed.links === 'string' && feed.links.trim()) {
      const path = ['feeds', i, 'links'];
      const error = selectorError(feed.links);
      if (error) issues.push({ path, message: `not a CSS selector (${error})` });
      else if (feed.type === 'feed' || feed.type === 'sitemap') issues.push({ path, message: `links applies to listing pages only, not type ${feed.type}` });
    }
    asList(feed.watchlists).forEach((ref, j) => {
      const path = ['feeds', i, 'watchlists', j];
      if (typeof ref === 'string' && !watchlistIds.has(ref)) {
        issues.push({ path, message: `no watchlist with id${name(path, ref)}` });
      }
    });
  });

  const defaults = asRecord(root.defaults);
  if (defaults) orderedDurations(defaults, ['defaults'], 'minInterval', 'maxInterval', issues);

  webhooks.forEach((w, i) => {
    const hook = asRecord(w);
    if (!hook) return;
    const format = hook.format ?? 'standard';
    if (format === 'standard' && hook.secret === undefined) {
      issues.push({ path: ['webhooks', i, 'secret'], message: 'missing required field (format standard signs every alert with it)' });
    }
    issues.push(...targetChecks(hook, format, ['webhooks', i]));
    const retry = asRecord(hook.retry);
    if (retry) orderedDurations(retry, ['webhooks', i, 'retry'], 'initialDelay', 'maxDelay', issues);
  });

  return issues;
}

/** `near` measures the distance to a context word, so each person it applies to needs a `context` list. */
function nearNeedsContext(wl: Record<string, unknown>, i: number, issues: PathIssue[]): void {
  const when = asRecord(wl.when);
  asList(wl.entities).forEach((e, j) => {
    const own = asRecord(asRecord(e)?.when);
    const near = own?.near ?? when?.near;
    const context = own?.context ?? when?.context;
    if (near === undefined || context !== undefined) return;
    const path = own?.near !== undefined ? ['watchlists', i, 'entities', j, 'when', 'near'] : ['watchlists', i, 'when', 'near'];
    const where = own?.near !== undefined ? '' : ` (for entity ${j + 1})`;
    if (!issues.some((x) => pathToString(x.path) === pathToString(path))) {
      issues.push({ path, message: `near needs a context list to measure from${where}` });
    }
  });
}

/** Keys that only one format reads, and what each format needs. */
const FORMAT_KEYS: Record<string, string> = { chatId: 'telegram', token: 'ntfy', from: 'email', to: 'email' };

/**
 * Per-format rules: `secret` is for standard only (slack keeps accepting and
 * ignoring it, as before this check existed); chatId for telegram, token for
 * ntfy, from/to for email; email needs an smtp(s) URL, every other format
 * http(s); a telegram URL is the bot's base URL, without the method.
 */
function targetChecks(hook: Record<string, unknown>, format: unknown, base: ConfigPath): PathIssue[] {
  const issues: PathIssue[] = [];
  // An unknown format is the schema's error; rules for a format nobody has would only add noise.
  if (!(WEBHOOK_FORMATS as readonly unknown[]).includes(format)) return issues;
  if (hook.secret !== undefined && format !== 'standard' && format !== 'slack') {
    issues.push({ path: [...base, 'secret'], message: `only format standard signs with a secret; remove it for format ${format}` });
  }
  for (const [key, owner] of Object.entries(FORMAT_KEYS)) {
    if (hook[key] !== undefined && format !== owner) issues.push({ path: [...base, key], message: `only format ${owner} uses ${key}` });
  }
  const need = (key: string, why: string) => {
    if (hook[key] === undefined) issues.push({ path: [...base, key], message: `missing required field (${why})` });
  };
  if (format === 'telegram') need('chatId', 'the chat the telegram bot posts to');
  if (format === 'email') {
    need('from', 'the sender of alert emails');
    need('to', 'the recipients of alert emails');
  }
  const url = hook.url;
  if (typeof url === 'string' && isTargetUrl(url.trim())) {
    const parsed = new URL(url.trim());
    const smtp = parsed.protocol === 'smtp:' || parsed.protocol === 'smtps:';
    if (format === 'email' && !smtp) issues.push({ path: [...base, 'url'], message: 'format email needs an smtp:// or smtps:// URL' });
    if (format !== 'email' && !isHttpUrl(url.trim())) issues.push({ path: [...base, 'url'], message: `format ${format} needs an http:// or https:// URL` });
    if (format === 'telegram' && !/\/bot[^/]+$/.test(parsed.pathname)) {
      issues.push({ path: [...base, 'url'], message: 'format telegram needs the bot URL https://api.telegram.org/bot<token> (without /sendMessage)' });
    }
  }
  return issues;
}

function uniqueIds(
  items: unknown[],
  base: ConfigPath,
  what: string,
  issues: PathIssue[],
  name: (path: ConfigPath, value: string) => string,
): Set<string> {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const id = asRecord(item)?.id;
    if (typeof id !== 'string') return;
    const seen = first.get(id);
    const path = [...base, i, 'id'];
    if (seen === undefined) first.set(id, i);
    else issues.push({ path, message: `duplicate ${what}${name(path, id)} (first at ${pathToString([...base, seen])})` });
  });
  return new Set(first.keys());
}

function orderedDurations(obj: Record<string, unknown>, base: ConfigPath, lo: string, hi: string, issues: PathIssue[]): void {
  const a = obj[lo];
  const b = obj[hi];
  if (isDuration(a) && isDuration(b) && parseDuration(a) > parseDuration(b)) {
    const path = [...base, lo];
    issues.push({ path, message: `must not be longer than ${hi}` });
  }
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
