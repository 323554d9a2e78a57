import { parseDuration } from '../../src/config/durations.js';
import { connectForCommand } from '../redis/for-command.js';
import { alertJson, listAlerts, type AlertRecord } from '../state/history.js';

/** "24h" → the epoch ms that long ago; an error naming the option otherwise. */
export function parseSince(since: string, now = Date.now()): number {
  try {
    return now - parseDuration(since);
  } catch {
    throw new Error(`matches: --since must be a duration like 30m, 24h or 7d (got "${since}")`);
  }
}

export interface MatchesOptions {
  since?: string;
  watchlist?: string;
  person?: string;
  limit?: number;
  json?: boolean;
  redisUrl?: string;
}

/** `newswatch matches`: recent alerts from the history, newest first. */
export async function runMatchesCommand(opts: MatchesOptions): Promise<number> {
  const sinceMs = parseSince(opts.since ?? '24h');
  const { redis, close } = await connectForCommand(opts.redisUrl);
  try {
    const alerts = await listAlerts(redis, { sinceMs, watchlist: opts.watchlist, person: opts.person, limit: opts.limit ?? 1000 });
    if (opts.json) {
      process.stdout.write(JSON.stringify(alerts.map(alertJson), null, 2) + '\n');
      return 0;
    }
    if (alerts.length === 0) {
      process.stdout.write(`no alerts in the last ${opts.since ?? '24h'}\n`);
      return 0;
    }
    const rows = [['QUEUED', 'WATCHLIST', 'PEOPLE', 'WEBHOOK', 'DELIVERY', 'TITLE', 'URL']];
    for (const a of alerts) {
      rows.push([
        new Date(a.queuedAt).toISOString().slice(0, 19).replace('T', ' '),
        a.watchlistId,
        a.data.matches.map((m) => `${m.name}${m.prominence ? ` (${m.prominence})` : ''}`).join(', '),
        a.webhookId,
        deliveryText(a),
        a.data.article.title ?? '',
        a.data.article.url,
      ]);
    }
    const widths = rows[0]!.map((_, i) => Math.min(60, Math.max(...rows.map((r) => r[i]!.length))));
    for (const r of rows) process.stdout.write(r.map((c, i) => (i === r.length - 1 ? c : c.slice(0, 60).padEnd(widths[i]!))).join('  ').trimEnd() + '\n');
    return 0;
  } finally {
    await close();
  }
}

export function deliveryText(a: AlertRecord): string {
  if (!a.delivery) return 'pending';
  const at = new Date(a.delivery.at).toISOString().slice(11, 19);
  return a.delivery.outcome === 'delivered' ? `delivered ${at} (${a.delivery.status})` : `dead-lettered ${at}`;
}
