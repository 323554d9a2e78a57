import { formatBytes, formatDuration } from './durations.js';
import { redactSecrets } from './issues.js';
import { envValuesOf } from './parse.js';
import type { FeedConfig, NewswatchConfig, PollInterval } from './types.js';
import { describeRule } from '../relevance/describe.js';

/**
 * The one screen `newswatch validate` prints for a good file. Webhooks show
 * their host only, feeds their host and path (never the query string), and
 * any value that came from the environment is masked: none of it is secret-free.
 */
export function summarizeConfig(config: NewswatchConfig): string {
  const d = config.defaults;
  const entities = config.watchlists.reduce((n, w) => n + w.entities.length, 0);
  const out: string[] = [
    `${count(config.feeds.length, 'feed')}, ${count(config.watchlists.length, 'watchlist')}, ` +
      `${count(entities, 'entity', 'entities')}, ${count(config.webhooks.length, 'webhook')}`,
    `defaults: interval ${interval(d.interval)}, min ${formatDuration(d.minIntervalMs)}, max ${formatDuration(d.maxIntervalMs)}, backfill ${formatDuration(d.backfillMs)}`,
    `fetch: timeout ${formatDuration(config.fetch.timeoutMs)}, max ${formatBytes(config.fetch.maxBytes)}, private networks ${config.fetch.allowPrivateNetworks ? 'allowed' : 'refused'}`,
  ];
  if (config.feeds.length > 0) out.push('', 'feeds:');
  for (const f of config.feeds) out.push(`  ${feedLabel(f)}  every ${interval(f.interval)}  → ${f.watchlists.join(', ') || '(no watchlist)'}`);
  if (config.watchlists.length > 0) out.push('', 'watchlists:');
  for (const w of config.watchlists) {
    out.push(`  ${w.id} (${count(w.entities.length, 'entity', 'entities')}) → notify ${w.notify.join(', ') || '(nobody)'}`);
    if (w.when) out.push(`    when: ${describeRule(w.when)}`);
    for (const e of w.entities) {
      out.push(`    ${e.name}${e.role ? ` — ${e.role}` : ''}`);
      if (e.when) out.push(`      when (replacing the watchlist's ${Object.keys(e.when).join(', ')}): ${describeRule({ ...w.when, ...e.when })}`);
    }
  }
  if (config.history) out.push('', `history: ${formatDuration(config.history.maxAgeMs)}, at most ${formatBytes(config.history.maxBytes)}`);
  if (config.webhooks.length > 0) out.push('', 'webhooks:');
  for (const h of config.webhooks) {
    const digest = h.digest ? `, digest ${h.digest.kind === 'every' ? `every ${formatDuration(h.digest.ms)}` : `daily ${String(h.digest.hour).padStart(2, '0')}:${String(h.digest.minute).padStart(2, '0')} ${h.digest.zone}`}` : '';
    out.push(`  ${h.id}: ${h.format} → ${hostOf(h.url)}, timeout ${formatDuration(h.timeoutMs)}, ${h.retry.attempts} attempts, ${h.secret ? 'signed' : 'unsigned'}${digest}`);
  }
  const secrets = [
    ...(envValuesOf.get(config) ?? []),
    ...config.webhooks.flatMap((h) => [h.url, ...(h.secret ? [h.secret] : []), ...(h.token ? [h.token] : [])]),
  ];
  return redactSecrets(out.join('\n'), secrets);
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function interval(i: PollInterval): string {
  return i.kind === 'auto' ? 'auto' : formatDuration(i.ms);
}

function feedLabel(f: FeedConfig): string {
  const u = new URL(f.url);
  const where = `${u.host}${u.pathname}`;
  return f.name ? `${f.name} (${where})` : where;
}

function hostOf(url: string): string {
  return new URL(url).host;
}
