import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { FeedConfig, PollInterval } from '../../src/config/types.js';
import type { Logger } from './log.js';
import type { PollJobData } from './queues.js';
import type { RedisClient } from '../redis/connect.js';
import { releasePollClaim } from '../state/feed-state.js';

/** Identifies the config interval a stored period was planned for; a changed config starts afresh. */
export function intervalKey(interval: PollInterval): string {
  return interval.kind === 'auto' ? 'auto' : `fixed:${interval.ms}`;
}

/** The period a new feed's scheduler starts at: its interval, or for auto the floor, so a new feed is read soon and then finds its pace. */
export function initialPeriodMs(feed: FeedConfig, minIntervalMs: number): number {
  return feed.interval.kind === 'fixed' ? feed.interval.ms : minIntervalMs;
}

/**
 * A feed's place inside its period, from its id: the same in every process
 * (so two workers upserting agree on one schedule) and spread evenly, so a
 * thousand feeds on a 5-minute interval do not all fire on the minute.
 */
export function schedulerOffsetMs(feedId: string, periodMs: number): number {
  const n = createHash('sha256').update(feedId).digest().readUInt32BE(0);
  return n % periodMs;
}

/** The scheduler's `every` for a period: whole seconds, at least one. */
const everyMsOf = (periodMs: number): number => Math.max(1000, Math.round(periodMs / 1000) * 1000);

/**
 * How long a poll's once-per-interval claim holds: to the end of the
 * scheduler slot it runs in (less a margin, so the next slot's job, which may
 * fire a little early on another machine's clock, is never skipped), and at
 * least half a period.
 *
 * Why to the slot's end: a poll that waited for its host can run in the next
 * slot. A half-period hold then expired before that slot's own job, itself
 * put back for the busy host, came round, and the feed was fetched twice in
 * one slot, seconds apart (seen with three workers on a loaded machine).
 */
export function pollClaimHoldMs(feedId: string, periodMs: number, now: number): number {
  const every = everyMsOf(periodMs);
  const offset = schedulerOffsetMs(feedId, every);
  const slotEnd = now - (((now - offset) % every) + every) % every + every;
  const margin = Math.min(1000, every * 0.05);
  return Math.max(periodMs * 0.5, slotEnd - margin - now);
}

/** Points a feed's scheduler at a period; returns when its next poll runs. */
export async function scheduleFeed(queue: Queue<PollJobData>, feedId: string, periodMs: number): Promise<number> {
  const every = everyMsOf(periodMs);
  const job = await queue.upsertJobScheduler(
    feedId,
    { every, offset: schedulerOffsetMs(feedId, every) },
    { name: 'poll', data: { feedId }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
  );
  return job.timestamp + (job.opts.delay ?? 0);
}

export interface SyncResult {
  upserted: number;
  removed: string[];
}

/**
 * Makes the poll queue's job schedulers match the config: one per feed,
 * upserted at every start (idempotent), and the schedulers of feeds that left
 * the config removed. `periodOf` gives a feed's current period (its adapted
 * one, when it has one for the same config interval).
 */
export async function syncFeedSchedulers(
  queue: Queue<PollJobData>,
  feeds: FeedConfig[],
  periodOf: (feed: FeedConfig) => Promise<number>,
  log?: Logger,
): Promise<SyncResult> {
  const wanted = new Set(feeds.map((f) => f.id));
  const BATCH = 200;
  let upserted = 0;
  for (let i = 0; i < feeds.length; i += BATCH) {
    await Promise.all(feeds.slice(i, i + BATCH).map(async (feed) => scheduleFeed(queue, feed.id, await periodOf(feed))));
    upserted = Math.min(feeds.length, i + BATCH);
    if (feeds.length > 1000) log?.info({ upserted, total: feeds.length }, 'syncing feed schedulers');
  }
  const removed: string[] = [];
  const existing = await queue.getJobSchedulers(0, -1);
  for (const scheduler of existing) {
    if (!wanted.has(scheduler.key)) {
      await queue.removeJobScheduler(scheduler.key);
      removed.push(scheduler.key);
    }
  }
  return { upserted, removed };
}

/**
 * Runs the next scheduled poll of a feed (or of every feed) now instead of at
 * its slot: its delayed job is promoted and the once-per-interval claim
 * released, as if the interval had passed. Returns how many polls it started.
 */
export async function pollFeedsNow(queue: Queue<PollJobData>, redis: RedisClient, feedId?: string): Promise<number> {
  let promoted = 0;
  for (const job of await queue.getDelayed()) {
    if (feedId && job.data.feedId !== feedId) continue;
    await releasePollClaim(redis, job.data.feedId);
    // The slot may come due between the listing and the promotion: then the poll is starting anyway.
    await job.promote().catch((err: Error) => {
      if (!/not in the delayed state/.test(err.message)) throw err;
    });
    promoted += 1;
  }
  return promoted;
}
