import { createHash } from 'node:crypto';
import type { Job } from 'bullmq';
import { pollSource, splitBacklog, type KeyedItem, type PollResult } from '../../src/pipeline/source.js';
import { canonicalizeUrl, articleKey } from '../../src/url/canonical.js';
import { claimPoll, readFeedState, releasePollClaim, writeFeedState, type FeedState } from '../state/feed-state.js';
import { addArticleWatchlists, articleAlreadyQueued, markArticlesQueued, markItemsSeen, unseenItemKeys } from '../state/seen-items.js';
import { readItemTimes, recordItemTimes } from '../state/feed-items.js';
import { planNextPoll } from '../../src/schedule/adaptive.js';
import { metrics } from '../runtime/metrics.js';
import { redactUrlCredentials } from '../runtime/log.js';
import type { FeedConfig } from '../../src/config/types.js';
import type { ArticleJobData, PollJobData } from '../runtime/queues.js';
import { ARTICLE_JOB_OPTIONS } from '../runtime/queues.js';
import { initialPeriodMs, intervalKey, pollClaimHoldMs, scheduleFeed } from '../runtime/schedules.js';
import type { Runtime } from '../runtime/runtime.js';
import { holdHostSlot, reserveTurns } from './host-slot.js';

/** Longest item text carried in a job: enough for the feed fallback, small enough for Redis. */
const MAX_ITEM_TEXT = 20_000;
/** A scheduler period is changed only when the plan moves it by more than this share (no churn). */
const RESCHEDULE_THRESHOLD = 0.2;

export function createPollProcessor(rt: Runtime) {
  return async function processPoll(job: Job<PollJobData>, token?: string): Promise<string> {
    const feed = rt.feed(job.data.feedId);
    if (!feed) return 'skipped: feed no longer configured';
    const state = await readFeedState(rt.redis, feed.id);
    if (state.lastOutcome === 'gone') return 'skipped: feed is gone (410)';
    const period = currentPeriodMs(feed, state, rt.config.defaults.minIntervalMs);

    // BullMQ already runs one job per scheduled slot; this guards the extra polls a restart, a reschedule or a poll that waited for its host into the next slot could add (held to the slot's end: pollClaimHoldMs).
    if (!(await claimPoll(rt.redis, feed.id, pollClaimHoldMs(feed.id, period, Date.now())))) return 'skipped: polled by another worker this interval';
    // Feeds share their host's request budget with its article pages. The
    // request goes out as soon as the slot is taken (the host's gap counts
    // from then); a poll put back for a busy host gives its claim back, so it
    // still runs when its turn comes.
    let lease;
    try {
      lease = await holdHostSlot(rt, job, token, new URL(feed.url).host);
    } catch (err) {
      await releasePollClaim(rt.redis, feed.id);
      throw err;
    }
    const now = Date.now();
    let result: PollOutcome;
    try {
      result = await sortPoll(rt, feed, state, await pollSource(feed.url, state, rt.config.fetch, { type: feed.type, links: feed.links, now, onLeaving: lease.leaving }), now);
    } finally {
      await lease.release();
    }
    const { summary, patch } = await recordOutcome(rt, feed, state, result, now);
    // One write of the feed's state per poll: the outcome and the next poll together.
    if (result.outcome !== 'gone') Object.assign(patch, await planAndReschedule(rt, feed, { ...state, ...patch }, result, now, period));
    await writeFeedState(rt.redis, feed.id, patch);
    return summary;
  };
}

/** A poll with its new items sorted into news and backlog. */
type PollOutcome =
  | (Extract<PollResult, { outcome: 'changed' }> & { fresh: KeyedItem[]; backlog: KeyedItem[]; churned?: boolean })
  | Exclude<PollResult, { outcome: 'changed' }>;

/**
 * Asks Redis which of the poll's items this feed has not seen. Writes nothing:
 * the caller queues the fresh items first and then records them, so a crash
 * in between re-queues instead of losing.
 */
async function sortPoll(rt: Runtime, feed: FeedConfig, state: FeedState, result: PollResult, now: number): Promise<PollOutcome> {
  if (result.outcome !== 'changed') return result;
  const unseenKeys = await unseenItemKeys(rt.redis, feed.id, result.items.map((k) => k.key), now);
  const unseen = result.items.filter((k) => unseenKeys.has(k.key));
  return { ...result, ...splitBacklog(unseen, { primed: state.primed, backfillMs: rt.config.defaults.backfillMs, now, kind: result.kind, listed: result.items.length }) };
}

function currentPeriodMs(feed: FeedConfig, state: FeedState, minIntervalMs: number): number {
  return state.periodMs && state.periodFor === intervalKey(feed.interval) ? state.periodMs : initialPeriodMs(feed, minIntervalMs);
}

/** Acts on a poll's outcome (queues new articles, logs changes of state) and says what to record of it. */
async function recordOutcome(
  rt: Runtime,
  feed: FeedConfig,
  state: FeedState,
  result: PollOutcome,
  now: number,
): Promise<{ summary: string; patch: Partial<FeedState> }> {
  const log = rt.log.child({ feedId: feed.id, feedUrl: redactUrlCredentials(feed.url) });
  const wasFailing = state.failures > 0;
  const kind = result.outcome === 'changed' ? result.kind : (state.kind ?? 'unknown');
  metrics.sourcePolls.inc({ kind, outcome: result.outcome === 'not-modified' ? 'not_modified' : result.outcome === 'gone' ? 'error' : result.outcome });
  switch (result.outcome) {
    case 'not-modified':
      metrics.feedPolls.inc({ outcome: 'not_modified' });
      if (wasFailing) log.info({ failures: state.failures }, 'feed recovered');
      return { summary: 'not modified', patch: { lastPolledAt: now, lastOutcome: 'not-modified', failures: 0, lastError: undefined } };
    case 'gone':
      metrics.feedPolls.inc({ outcome: 'error' });
      log.warn('feed answered 410 Gone: no more polls until it leaves the config or its URL changes');
      await rt.queues.poll.removeJobScheduler(feed.id);
      return { summary: 'gone', patch: { lastPolledAt: now, lastOutcome: 'gone', lastError: 'feed: 410 Gone' } };
    case 'error': {
      metrics.feedPolls.inc({ outcome: 'error' });
      const failures = state.failures + 1;
      // One log line per change of state, not one per poll of a feed that stays broken.
      if (!wasFailing || state.lastError !== result.error) log.warn({ err: result.error, status: result.status, failures }, 'feed poll failed');
      return { summary: `error: ${result.error}`, patch: { lastPolledAt: now, lastOutcome: 'error', lastError: result.error, failures } };
    }
    case 'changed': {
      metrics.feedPolls.inc({ outcome: 'changed' });
      if (wasFailing) log.info({ failures: state.failures }, 'feed recovered');
      const queued = await queueArticles(rt, feed, result.fresh, now);
      const newlySeen = [...result.fresh, ...result.backlog];
      await markItemsSeen(rt.redis, feed.id, newlySeen.map((k) => k.key), now);
      // A page's links carry no dates: its backlog and skipped links were not published now, so only its news sets its pace.
      const paced = result.kind === 'page' ? result.fresh : newlySeen;
      await recordItemTimes(
        rt.redis,
        feed.id,
        paced.map(({ key, item }) => ({ key, time: Math.min(now, Date.parse(item.publishedAt ?? '') || now) })),
        now,
      );
      metrics.itemsNew.inc(result.fresh.length);
      metrics.sourceItemsNew.inc({ kind: result.kind }, result.fresh.length);
      if (!state.primed && result.backlog.length > 0) {
        log.info({ backlog: result.backlog.length, fresh: result.fresh.length, kind: result.kind }, 'first poll: older items recorded as seen');
      } else if (result.churned) {
        log.warn({ links: result.backlog.length }, 'listing page: its links all changed since the last poll (rotating tokens?); recorded as seen, not alerted');
      } else if (result.kind === 'page' && result.backlog.length > 0) {
        log.warn({ fresh: result.fresh.length, skipped: result.backlog.length }, 'listing page: more new links than one poll takes; the rest recorded as seen');
      }
      return {
        summary: `changed: ${result.fresh.length} new, ${queued} queued`,
        patch: {
          lastPolledAt: now,
          lastOutcome: 'changed',
          lastError: undefined,
          failures: 0,
          primed: true,
          etag: result.validators.etag,
          lastModified: result.validators.lastModified,
          ttlMinutes: result.source.ttlMinutes,
          kind: result.kind,
          children: result.children,
        },
      };
    }
  }
}

/**
 * Plans the feed's next poll (its pace, the publisher's hints, failure
 * backoff) and moves its scheduler when the period changes by more than a
 * fifth, so steady feeds are not rescheduled at every poll.
 */
async function planAndReschedule(
  rt: Runtime,
  feed: FeedConfig,
  after: FeedState,
  result: Exclude<PollOutcome, { outcome: 'gone' }>,
  now: number,
  period: number,
): Promise<Partial<FeedState>> {
  const plan = planNextPoll({
    interval: feed.interval,
    minIntervalMs: rt.config.defaults.minIntervalMs,
    maxIntervalMs: rt.config.defaults.maxIntervalMs,
    now,
    itemTimes: feed.interval.kind === 'auto' ? await readItemTimes(rt.redis, feed.id) : [],
    outcome: result.outcome,
    failures: after.failures,
    ttlMinutes: after.ttlMinutes,
    headers: 'headers' in result ? result.headers : undefined,
    status: result.outcome === 'error' ? result.status : 200,
  });
  const patch: Partial<FeedState> = { nextPollReason: plan.reason, itemsPerDay: plan.itemsPerDay };
  if (Math.abs(plan.delayMs - period) > period * RESCHEDULE_THRESHOLD || after.periodFor !== intervalKey(feed.interval)) {
    patch.nextPollAt = await scheduleFeed(rt.queues.poll, feed.id, plan.delayMs);
    patch.periodMs = plan.delayMs;
    patch.periodFor = intervalKey(feed.interval);
  } else {
    patch.nextPollAt = now + period;
  }
  const labels = { feed: feed.id, url: redactUrlCredentials(feed.url) };
  metrics.feedInterval.set(labels, (patch.periodMs ?? period) / 1000);
  metrics.feedNextPoll.set(labels, Math.round(patch.nextPollAt / 1000));
  metrics.feedFailures.set(labels, after.failures);
  if (plan.itemsPerDay !== undefined) metrics.feedItemsPerDay.set(labels, plan.itemsPerDay);
  return patch;
}

/**
 * Queues one article job per new item, with the canonical URL's hash as job
 * id, so the same story reached through two feeds is one job. Each job is
 * queued with its turn on its host already reserved (a delay), so a batch of
 * one host waits in the delayed set, not in front of other hosts' jobs.
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
      // A feed URL may carry credentials (user:password@): they stay out of alerts and logs.
      feed: { id: feed.id, url: redactUrlCredentials(feed.url), name: feed.name },
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
  const newWatchlists = await addArticleWatchlists(rt.redis, ids.map((id) => ({ articleId: id, watchlists: feed.watchlists })));
  const jobs = [];
  for (const [i, id] of ids.entries()) {
    if (!already[i]) {
      jobs.push({ name: 'article', data: byId.get(id)!, opts: { ...ARTICLE_JOB_OPTIONS, jobId: id } });
    } else if (newWatchlists[i]!.length > 0) {
      // Queued before through a feed of other watchlists: match again, for these ones only.
      const extra = newWatchlists[i]!;
      const jobId = `${id}-${createHash('sha256').update(extra.sort().join(',')).digest('hex').slice(0, 12)}`;
      jobs.push({ name: 'article', data: { ...byId.get(id)!, watchlists: extra }, opts: { ...ARTICLE_JOB_OPTIONS, jobId } });
    }
  }
  if (jobs.length > 0) {
    const turns = await reserveTurns(rt, jobs.map((j) => ({ id: j.opts.jobId, link: j.data.link })));
    for (const j of jobs) {
      const delay = turns.get(j.opts.jobId) ?? 0;
      if (delay > 0) Object.assign(j.opts, { delay });
    }
    await rt.queues.article.addBulk(jobs);
  }
  await markArticlesQueued(rt.redis, ids.filter((_, i) => !already[i]));
  return jobs.length;
}
