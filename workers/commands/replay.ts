import { loadConfigFile } from '../../src/config/index.js';
import type { NewswatchConfig } from '../../src/config/types.js';
import { compileMatcher } from '../../src/match/index.js';
import { judgeArticle } from '../../src/pipeline/article.js';
import { compileRelevance } from '../../src/relevance/index.js';
import { replayDiff, type AlertKey } from '../../src/relevance/replay.js';
import type { RedisClient } from '../redis/connect.js';
import { connectForCommand } from '../redis/for-command.js';
import { listAlerts, readArticles } from '../state/history.js';
import { parseSince } from './matches.js';

export interface ReplayReport {
  since: string;
  articles: number;
  /** Alerts sent in the window (per story, watchlist and person). */
  sent: number;
  /** What the config would have alerted beyond them... */
  added: AlertKey[];
  /** ...and which of them it would no longer send. */
  removed: AlertKey[];
  /** Sent alerts it would send again. */
  kept: number;
}

/**
 * Runs `config` over the articles stored since `sinceMs` through the same
 * matching and rule step as the worker, and compares with what was sent.
 * Sends nothing. An article is matched against the watchlists its feed has
 * in `config` (or, for a feed no longer there, those it had when read).
 */
export async function replayHistory(redis: RedisClient, config: NewswatchConfig, sinceMs: number): Promise<Omit<ReplayReport, 'since'>> {
  const deps = { matcher: compileMatcher(config.watchlists), relevance: compileRelevance(config.watchlists) };
  const feedWatchlists = new Map(config.feeds.map((f) => [f.url, f.watchlists]));
  const known = new Set(config.watchlists.map((w) => w.id));
  const wouldSend: AlertKey[] = [];
  let articles = 0;
  for await (const article of readArticles(redis, sinceMs)) {
    articles++;
    const watchlists = (feedWatchlists.get(article.feed.url) ?? article.watchlists).filter((id) => known.has(id));
    if (watchlists.length === 0) continue;
    const { found } = judgeArticle(deps, article, watchlists);
    for (const wl of found) {
      for (const m of wl.matches) {
        wouldSend.push({ storyId: article.storyId ?? article.id, watchlistId: wl.watchlistId, entityId: m.entityId, name: m.name, title: article.title, url: article.url });
      }
    }
  }
  const sent: AlertKey[] = [];
  for (const alert of await listAlerts(redis, { sinceMs, limit: Number.MAX_SAFE_INTEGER })) {
    for (const m of alert.data.matches) {
      sent.push({ storyId: alert.storyId, watchlistId: alert.watchlistId, entityId: m.entityId, name: m.name, title: alert.data.article.title, url: alert.data.article.url });
    }
  }
  const diff = replayDiff(wouldSend, sent);
  return { articles, sent: new Set(sent.map((k) => `${k.storyId} ${k.watchlistId} ${k.entityId}`)).size, ...diff };
}

/** `newswatch replay --config FILE [--since 24h] [--json]`. */
export async function runReplayCommand(opts: { configPath: string; since?: string; json?: boolean; redisUrl?: string }): Promise<number> {
  const config = await loadConfigFile(opts.configPath);
  const since = opts.since ?? '24h';
  const sinceMs = parseSince(since);
  const { redis, close } = await connectForCommand(opts.redisUrl);
  try {
    const report: ReplayReport = { since, ...(await replayHistory(redis, config, sinceMs)) };
    if (opts.json) {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      return 0;
    }
    const out = [
      `replay of ${opts.configPath} over ${report.articles} stored articles of the last ${since}: nothing sent`,
      `${report.sent} alerts sent in that window; this config would send ${report.kept} of them again`,
      '',
      `would alert beyond what was sent (${report.added.length}):`,
      ...report.added.map(line('+')),
      '',
      `would no longer send (${report.removed.length}):`,
      ...report.removed.map(line('-')),
    ];
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  } finally {
    await close();
  }
}

const line = (sign: string) => (k: AlertKey) => `  ${sign} ${k.watchlistId}  ${k.name}  ${k.title ?? '(no title)'}  ${k.url}`;
