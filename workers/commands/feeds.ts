import { loadConfigFile } from '../../src/config/index.js';
import { readFeedState } from '../state/feed-state.js';
import { connectForCommand } from '../redis/for-command.js';

function ago(ms: number | undefined, now: number): string {
  if (ms === undefined) return '-';
  const s = Math.round((now - ms) / 1000);
  if (Math.abs(s) < 120) return s >= 0 ? `${s}s ago` : `in ${-s}s`;
  const m = Math.round(s / 60);
  if (Math.abs(m) < 120) return m >= 0 ? `${m}m ago` : `in ${-m}m`;
  const h = Math.round(m / 60);
  return h >= 0 ? `${h}h ago` : `in ${-h}h`;
}

/** `newswatch feeds`: each feed's interval, last poll, outcome and next poll, as a terminal table. */
export async function runFeedsCommand(opts: { configPath: string; redisUrl?: string }): Promise<number> {
  const config = await loadConfigFile(opts.configPath);
  const { redis, close } = await connectForCommand(opts.redisUrl);
  try {
    const now = Date.now();
    const rows: string[][] = [['FEED', 'KIND', 'INTERVAL', 'LAST POLL', 'OUTCOME', 'FAILURES', 'NEXT POLL', 'WHY', 'ITEMS/DAY']];
    for (const feed of config.feeds) {
      const s = await readFeedState(redis, feed.id);
      rows.push([
        feed.name ?? feed.url,
        s.kind ?? feed.type ?? '-',
        feed.interval.kind === 'auto' ? 'auto' : `${Math.round(feed.interval.ms / 1000)}s`,
        ago(s.lastPolledAt, now),
        s.lastOutcome ?? 'never polled',
        String(s.failures),
        ago(s.nextPollAt, now),
        s.nextPollReason ?? '',
        s.itemsPerDay !== undefined ? s.itemsPerDay.toFixed(1) : '-',
      ]);
    }
    const widths = rows[0]!.map((_, i) => Math.min(60, Math.max(...rows.map((r) => r[i]!.length))));
    for (const r of rows) process.stdout.write(r.map((c, i) => c.slice(0, 60).padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
    return 0;
  } finally {
    await close();
  }
}
