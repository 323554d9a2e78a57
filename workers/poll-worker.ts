import type { Job } from 'bullmq';
import { pollFeed, type KeyedItem } from '../src/poll/poll-feed.js';
import { canonicalizeUrl, articleKey } from '../src/url/canonical.js';
import { claimPoll, readFeedState, writeFeedState } from '../src/state/feed-state.js';
import { articleAlreadyQueued, markArticlesQueued, markItemsSeen } from '../src/state/seen-items.js';
import { nextPollDelay } from '../src/schedule/next-poll.js';
import { metrics } from '../src/metrics.js';
import type { FeedConfig } from '../src/config/types.js';
import type { ArticleJobData, PollJobData } from './queues.js';
import { ARTICLE_JOB_OPTIONS } from './queues.js';
import type { Runtime } from './runtime.js';

/** Longest item text carried in a job: enough for the feed fallback, small enough for Redis. */
const MAX_ITEM_TEXT = 20_000;

export function createPollProcessor(rt: Runtime) {
  return async function processPoll(job: Job<PollJobData>): Promise<string> {
    const feed = rt.feed(job.data.feedId);
    if (!feed) return 'skipped: feed no longer configured';
    const now = Date.now();
    const state0 = await readFeedState(rt.redis, feed.id);
    if (state0.nextPollAt && state0.nextPollAt > now + 1000) return 'skipped: backing off';
    if (state0.lastOutcome === 'gone') return 'skipped: feed is gone (410)';
    const period = effectivePeriodMs(feed, rt.config.defaults.minIntervalMs);
    if (!(await claimPoll(rt.redis, feed.id, period * 0.8))) return 'skipped: polled by another worker this interval';

    const result = await pollFeed(rt.redis, feed, rt.config, now);
    const log = rt.log.child({ feedId: feed.id, feedUrl: feed.url });
    const wasFailing = result.state.failures > 0;

    switch (result.outcome) {
      case 'not-modified': {
        metrics.feedPolls.inc({ outcome: 'not_modified' });
        if (wasFailing) log.info({ failures: result.state.failures }, 'feed recovered');
        await writeFeedState(rt.redis, feed.id, {
          lastPolledAt: now,
          lastOutcome: 'not-modified',
          failures: 0,
          lastError: undefined,
          nextPollAt: undefined,
        });
        return 'not modified';
      }
      case 'gone': {
        metrics.feedPolls.inc({ outcome: 'error' });
        log.warn('feed answered 410 Gone: polling stops until it is removed from the config or the worker restarts with it changed');
        await writeFeedState(rt.redis, feed.id, { lastPolledAt: now, lastOutcome: 'gone', lastError: 'feed: 410 Gone' });
        return 'gone';
      }
      case 'error': {
        metrics.feedPolls.inc({ outcome: 'error' });
        const failures = result.state.failures + 1;
        const delay = nextPollDelay({ failures, baseMs: period, maxMs: rt.config.defaults.maxIntervalMs, retryAfterMs: result.retryAfterMs });
        // One log line per change of state, not one per poll of a feed that stays broken.
        if (!wasFailing || result.state.lastError !== result.error) log.warn({ err: result.error, status: result.status, failures }, 'feed poll failed');
        await writeFeedState(rt.redis, feed.id, {
          lastPolledAt: now,
          lastOutcome: 'error',
          lastError: result.error,
          failures,
          nextPollAt: now + delay,
          nextPollReason: result.retryAfterMs ? 'retry-after' : 'failure backoff',
        });
        return `error: ${result.error}`;
      }
      case 'changed': {
        metrics.feedPolls.inc({ outcome: 'changed' });
        if (wasFailing) log.info({ failures: result.state.failures }, 'feed recovered');
        const queued = await queueArticles(rt, feed, result.fresh, now);
        await markItemsSeen(rt.redis, feed.id, [...result.fresh, ...result.backlog].map((k) => k.key), now);
        await writeFeedState(rt.redis, feed.id, {
          lastPolledAt: now,
          lastOutcome: 'changed',
          lastError: undefined,
          failures: 0,
          primed: true,
          nextPollAt: undefined,
          etag: result.validators.etag,
          lastModified: result.validators.lastModified,
        });
        metrics.itemsNew.inc(result.fresh.length);
        if (!result.state.primed && result.backlog.length > 0) {
          log.info({ backlog: result.backlog.length, fresh: result.fresh.length }, 'first poll: older items recorded as seen');
        }
        return `changed: ${result.fresh.length} new, ${queued} queued`;
      }
    }
  };
}

function effectivePeriodMs(feed: FeedConfig, minIntervalMs: number): number {
  return feed.interval.kind === 'fixed' ? feed.interval.ms : minIntervalMs;
}

/**
 * Queues one article job per new item, with the canonical URL's hash as job
 * id, so the same story reached through two feeds is one job.
 */
async function queueArticles(rt: Runtime, feed: FeedConfig, fresh: KeyedItem[], now: number): Promise<number> {
  const byId = new Map<string, ArticleJobData>();
  for (const { item } of fresh) {
    const url = item.link ? canonicalizeUrl(item.link, feed.url) : undefined;
    if (!url || !item.link) {
      rt.log.debug({ feedId: feed.id, guid: item.guid }, 'item without a usable link skipped');
      continue;
    }
    const id = articleKey(url);
    if (byId.has(id)) continue;
    byId.set(id, {
      url,
      link: new URL(item.link, feed.url).toString(),
      feed: { id: feed.id, url: feed.url, name: feed.name },
      watchlists: feed.watchlists,
      item: {
        title: item.title,
        author: item.author,
        publishedAt: item.publishedAt,
        contentText: item.contentText?.slice(0, MAX_ITEM_TEXT),
      },
      firstSeenAt: now,
    });
  }
  const ids = [...byId.keys()];
  const already = await articleAlreadyQueued(rt.redis, ids);
  const jobs = ids
    .filter((_, i) => !already[i])
    .map((id) => ({ name: 'article', data: byId.get(id)!, opts: { ...ARTICLE_JOB_OPTIONS, jobId: id } }));
  if (jobs.length > 0) await rt.queues.article.addBulk(jobs);
  await markArticlesQueued(rt.redis, jobs.map((j) => j.opts.jobId));
  return jobs.length;
}
