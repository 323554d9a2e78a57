import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { FeedItem } from '../../src/feed/types.js';
import type { AlertPayload } from '../../src/alert/types.js';
import { ARTICLE_RETRY } from '../processors/backoffs.js';

/**
 * Three small queues, one per pipeline stage, so a failing webhook retries
 * only its delivery and a slow site delays only its own articles.
 */
export const QUEUE_NAMES = {
  poll: 'poll-feed',
  article: 'fetch-article',
  alert: 'deliver-alert',
} as const;

/**
 * Keys are prefixed with a hash tag so that every key of every queue lands in
 * one Redis Cluster slot (BullMQ's Lua scripts touch several keys at once).
 */
export const DEFAULT_PREFIX = '{newswatch}';

export interface PollJobData {
  feedId: string;
}

export interface ArticleJobData {
  /** Canonical URL of the article (tracking parameters dropped). */
  url: string;
  /** The link as the feed gave it, for fetching. */
  link: string;
  feed: { id: string; url: string; name?: string };
  watchlists: string[];
  item: Pick<FeedItem, 'title' | 'author' | 'publishedAt' | 'contentText'>;
  /** When newswatch first saw the item in a feed (ms since epoch): the start of the alert delay clock. */
  firstSeenAt: number;
}

export interface AlertJobData {
  /** Absent on jobs queued before digests existed. */
  kind?: 'alert';
  alertId: string;
  webhookId: string;
  watchlistId: string;
  payload: AlertPayload;
  firstSeenAt: number;
}

/**
 * One digest: a target's alerts of one window, sent by this job when the
 * window ends (jobId digest_<webhookId>_<start>). The alerts themselves wait
 * in Redis (workers/state/digests.ts) until then.
 */
export interface DigestJobData {
  kind: 'digest';
  webhookId: string;
  window: { start: number; end: number };
}

/** The deliver-alert queue carries alerts and digests alike: the same retries, dead letters and `alerts retry`. */
export type DeliveryJobData = AlertJobData | DigestJobData;

export interface Queues {
  poll: Queue<PollJobData>;
  article: Queue<ArticleJobData>;
  alert: Queue<DeliveryJobData>;
  close(): Promise<void>;
}

const KEEP_COMPLETED = { age: 24 * 3600, count: 5000 };

export const ARTICLE_JOB_OPTIONS: JobsOptions = {
  attempts: ARTICLE_RETRY.attempts,
  backoff: { type: 'article' },
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function openQueues(connection: ConnectionOptions, prefix = DEFAULT_PREFIX): Queues {
  const poll = new Queue<PollJobData>(QUEUE_NAMES.poll, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } },
  });
  const article = new Queue<ArticleJobData>(QUEUE_NAMES.article, {
    connection,
    prefix,
    defaultJobOptions: ARTICLE_JOB_OPTIONS,
  });
  // Failed alert jobs are the dead letters: kept until someone retries or removes them.
  const alert = new Queue<DeliveryJobData>(QUEUE_NAMES.alert, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: KEEP_COMPLETED, removeOnFail: false },
  });
  return {
    poll,
    article,
    alert,
    close: async () => {
      await Promise.all([poll.close(), article.close(), alert.close()]);
    },
  };
}
