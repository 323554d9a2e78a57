import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { FeedConfig } from '../src/config/types.js';
import type { Logger } from '../src/log.js';
import type { PollJobData } from './queues.js';

/** The period a feed's scheduler ticks at. Auto feeds tick at the floor until adaptive polling stretches them. */
export function schedulerPeriodMs(feed: FeedConfig, minIntervalMs: number): number {
  return feed.interval.kind === 'fixed' ? feed.interval.ms : minIntervalMs;
}

/**
 * A feed's place inside its interval, from its id: the same in every process
 * (so two workers upserting agree on one schedule) and spread evenly, so a
 * thousand feeds on a 5-minute interval do not all fire on the minute.
 */
export function schedulerOffsetMs(feedId: string, periodMs: number): number {
  const n = createHash('sha256').update(feedId).digest().readUInt32BE(0);
  return n % periodMs;
}

export interface SyncResult {
  upserted: number;
  removed: string[];
}

/**
 * Makes the poll queue's job schedulers match the config: one per feed,
 * upserted at every start (idempotent), and the schedulers of feeds that left
 * the config removed.
 */
export async function syncFeedSchedulers(
  queue: Queue<PollJobData>,
  feeds: FeedConfig[],
  minIntervalMs: number,
  log?: Logger,
): Promise<SyncResult> {
  const wanted = new Set(feeds.map((f) => f.id));
  const BATCH = 200;
  let upserted = 0;
  for (let i = 0; i < feeds.length; i += BATCH) {
    await Promise.all(
      feeds.slice(i, i + BATCH).map((feed) => {
        const every = schedulerPeriodMs(feed, minIntervalMs);
        return queue.upsertJobScheduler(
          feed.id,
          { every, offset: schedulerOffsetMs(feed.id, every) },
          { name: 'poll', data: { feedId: feed.id }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
        );
      }),
    );
    upserted = Math.min(feeds.length, i + BATCH);
    if (feeds.length > 1000) log?.info({ upserted, total: feeds.length }, 'syncing feed schedulers');
  }
  const removed: string[] = [];
  const existing = await queue.getJobSchedulers(0, -1);
  for (const scheduler of existing) {
    const id = scheduler.key;
    if (!wanted.has(id)) {
      await queue.removeJobScheduler(id);
      removed.push(id);
    }
  }
  return { upserted, removed };
}
