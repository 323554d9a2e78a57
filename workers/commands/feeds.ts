import { Command } from 'commander';
import type { FeedState } from '../state/feed-state.js';
import { cliEnv, configOption, configPathFrom, examples, jsonOption, printJson, printTable } from './common.js';

function ago(ms: number | undefined, now: number): string {
  if (ms === undefined) return '-';
  const s = Math.round((now - ms) / 1000);
  if (Math.abs(s) < 120) return s >= 0 ? `${s}s ago` : `in ${-s}s`;
  const m = Math.round(s / 60);
  if (Math.abs(m) < 120) return m >= 0 ? `${m}m ago` : `in ${-m}m`;
  const h = Math.round(m / 60);
  return h >= 0 ? `${h}h ago` : `in ${-h}h`;
}

/** The outcome column: an error says which error (the reason is what a reader came for). */
function outcome(s: FeedState): string {
  if (!s.lastOutcome) return 'never polled';
  return s.lastOutcome === 'error' && s.lastError ? `error: ${s.lastError}` : s.lastOutcome;
}

export function feedsCommand(): Command {
  return new Command('feeds')
    .description("each feed's interval, last poll and outcome, next poll and why, items per day")
    .addOption(configOption())
    .addOption(jsonOption())
    .option('--prefix <prefix>', 'queue key prefix (only when the worker was started with one)')
    .addHelpText(
      'after',
      `
Reads the running worker's Redis: REDIS_URL, else the embedded one of a
\`newswatch run\` in this folder. Give the worker's own config (--config):
feeds the worker polls but this file lacks are flagged, and the other way round.
` + examples('newswatch feeds', 'newswatch feeds --config /etc/newswatch.yaml --json'),
    )
    .action(async (opts: { config?: string; json?: boolean; prefix?: string }) => {
      process.exitCode = await runFeedsCommand({ configPath: await configPathFrom(opts), redisUrl: (await cliEnv()).REDIS_URL, json: opts.json, prefix: opts.prefix });
    });
}

/** `newswatch feeds`: each feed's interval, last poll, outcome and next poll, as a terminal table or JSON. */
export async function runFeedsCommand(opts: { configPath: string; redisUrl?: string; json?: boolean; prefix?: string }): Promise<number> {
  // Loaded here, not at the top: `newswatch --help` should not pay for BullMQ and ioredis.
  const [{ loadConfigFile }, { readFeedState }, { openQueues }, { connectForCommand }] = await Promise.all([
    import('../../src/config/index.js'),
    import('../state/feed-state.js'),
    import('../runtime/queues.js'),
    import('../redis/for-command.js'),
  ]);
  const config = await loadConfigFile(opts.configPath);
  const { redis, close } = await connectForCommand(opts.redisUrl);
  const queues = openQueues(redis, opts.prefix);
  try {
    const now = Date.now();
    // The worker keeps one scheduler per feed of its config: comparing them shows whether it runs this file.
    const scheduled = new Set((await queues.poll.getJobSchedulers(0, -1)).map((s) => s.key));
    const configured = new Set(config.feeds.map((f) => f.id));
    const unscheduled = config.feeds.filter((f) => !scheduled.has(f.id));
    const notInConfig = [...scheduled].filter((id) => !configured.has(id));
    const feeds = [];
    for (const feed of config.feeds) feeds.push({ feed, state: await readFeedState(redis, feed.id) });

    const warnings: string[] = [];
    if (notInConfig.length > 0) warnings.push(`the worker polls ${notInConfig.length} feed(s) that ${opts.configPath} does not list: is it running on another config? (--config FILE)`);
    // No scheduler at all: no worker has run on this Redis (and prefix) yet, which the empty columns already show.
    if (unscheduled.length > 0 && scheduled.size > 0) warnings.push(`${unscheduled.length} feed(s) of ${opts.configPath} are not scheduled by the worker (not running this file yet, or not reloaded)`);

    if (opts.json) {
      printJson({
        config: opts.configPath,
        warnings,
        feeds: feeds.map(({ feed, state }) => ({
          id: feed.id,
          url: feed.url,
          name: feed.name,
          kind: state.kind ?? feed.type,
          interval: feed.interval.kind === 'auto' ? 'auto' : feed.interval.ms,
          scheduled: scheduled.has(feed.id),
          lastPolledAt: state.lastPolledAt,
          lastOutcome: state.lastOutcome,
          lastError: state.lastError,
          failures: state.failures,
          nextPollAt: state.nextPollAt,
          nextPollReason: state.nextPollReason,
          itemsPerDay: state.itemsPerDay,
        })),
      });
    } else {
      const rows: string[][] = [['FEED', 'KIND', 'INTERVAL', 'LAST POLL', 'OUTCOME', 'FAILURES', 'NEXT POLL', 'WHY', 'ITEMS/DAY']];
      for (const { feed, state: s } of feeds) {
        rows.push([
          feed.name ?? feed.url,
          s.kind ?? feed.type ?? '-',
          feed.interval.kind === 'auto' ? 'auto' : `${Math.round(feed.interval.ms / 1000)}s`,
          ago(s.lastPolledAt, now),
          outcome(s),
          String(s.failures),
          ago(s.nextPollAt, now),
          s.nextPollReason ?? '',
          s.itemsPerDay !== undefined ? s.itemsPerDay.toFixed(1) : '-',
        ]);
      }
      printTable(rows);
    }
    for (const w of warnings) process.stderr.write(`newswatch feeds: warning: ${w}\n`);
    return 0;
  } finally {
    await queues.close();
    await close();
  }
}
