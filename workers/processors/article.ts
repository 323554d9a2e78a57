import { UnrecoverableError, type Job } from 'bullmq';
import { fetchPage } from '../../src/pipeline/fetch-page.js';
import { processArticle } from '../../src/pipeline/article.js';
import { textFingerprint } from '../../src/alert/fingerprint.js';
import { articleKey } from '../../src/url/canonical.js';
import { dedupeUrl } from '../../src/url/dedupe.js';
import { resolveStory } from '../state/stories.js';
import { articleWatchlists } from '../state/seen-items.js';
import { metrics } from '../runtime/metrics.js';
import type { ArticleJobData } from '../runtime/queues.js';
import type { Runtime } from '../runtime/runtime.js';
import { queueAlerts } from './queue-alerts.js';
import { RetryLaterError } from './errors.js';
import { holdHostSlot } from './host-slot.js';
import { DEFAULT_HISTORY, recordHistory, type StoredAlert, type StoredArticle } from '../state/history.js';

/**
 * fetch-article: runs the article stage (src/pipeline/article.ts) with the
 * host's politeness slot held around the fetch, then finds the story the
 * article belongs to and queues its alerts.
 */
export function createArticleProcessor(rt: Runtime) {
  return async function processArticleJob(job: Job<ArticleJobData>, token?: string): Promise<string> {
    const data = job.data;
    const log = rt.log.child({ jobId: job.id, url: data.url, feedId: data.feed.id });
    const watchlists = await watchlistsToMatch(rt, data);
    let releasing: Promise<void> | undefined;
    let outcome;
    try {
      outcome = await processArticle(
        { link: data.link, item: data.item, watchlists },
        {
          matcher: rt.matcher,
          relevance: rt.relevance,
          fetchPage: async (link) => {
            const lease = await holdHostSlot(rt, job, token, new URL(link).host);
            try {
              return await fetchPage(link, rt.config.fetch, Date.now(), lease.leaving);
            } finally {
              // Released without waiting for Redis's answer: the page is read meanwhile. Awaiting
              // here kept the decoded page alive across the round trip, and a young-generation
              // collection in that window moved it to the old generation, whose collections are
              // the costly ones in a burst. Awaited below, so a failure still fails the job.
              releasing = lease.release();
              releasing.catch(() => undefined);
            }
          },
        },
      );
    } finally {
      await releasing;
    }

    switch (outcome.kind) {
      case 'permanent':
        metrics.articlesFetched.inc({ outcome: 'http_error' });
        throw new UnrecoverableError(outcome.reason);
      case 'retry':
        metrics.articlesFetched.inc({ outcome: 'error' });
        throw new RetryLaterError(outcome.reason, outcome.retryAfterMs);
    }
    if (outcome.page === 'not-html') {
      metrics.articlesFetched.inc({ outcome: 'not_html' });
      log.info({ reason: outcome.note }, 'article is not HTML: matching the feed item text');
    } else {
      metrics.articlesFetched.inc({ outcome: 'ok' });
    }
    const { article, found } = outcome;
    metrics.extractionSource.inc({ source: article.textSource });
    // A declared canonical counts only on the article's own site (src/url/dedupe.ts).
    const articleId = articleKey(dedupeUrl(article.url, article.canonicalUrl));
    // Every article read is kept a while (replay runs changed configs over them), with its alerts: one write.
    const remember = async (alerts: StoredAlert[] = [], storyId?: string) => {
      const stored: StoredArticle = { id: articleId, ...article, feed: data.feed, watchlists, readAt: Date.now(), ...(storyId && { storyId }) };
      delete (stored as Partial<typeof article>).textSource;
      // The history is for looking back: failing to write it must not fail (and so repeat) the article.
      try {
        metrics.historyBytes.set(await recordHistory(rt.redis, rt.config.history ?? DEFAULT_HISTORY, { article: stored, alerts }));
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'history: could not record the article');
      }
    };
    if (found.length === 0) {
      await remember();
      return 'no match';
    }

    const story = await resolveStory(rt.redis, {
      articleId,
      fingerprint: article.text.length >= 200 ? textFingerprint(article.text) : undefined,
    });
    const { queued, alerts } = await queueAlerts(rt, {
      storyId: story.storyId,
      articleId,
      article,
      feed: data.feed,
      found,
      firstSeenAt: data.firstSeenAt,
    });
    await remember(alerts, story.storyId);
    for (const wl of found) for (const m of wl.matches) metrics.matches.inc({ watchlist: wl.watchlistId, entity: m.entityId });
    log.info(
      {
        storyId: story.storyId,
        duplicateOf: story.duplicateOf,
        title: article.title,
        people: Object.fromEntries(found.map((w) => [w.watchlistId, w.matches.map((m) => m.name)])),
        alertsQueued: queued,
        ...(queued === 0 && { why: noAlertReason(story.duplicateOf) }),
      },
      'article matched',
    );
    return `matched: ${queued} alerts queued`;
  };
}

/**
 * Every feed that carried the story adds its watchlists, also those polled
 * after this job was queued. A job whose feed carries every configured
 * watchlist (a feed's default) can gain none: no round trip for it.
 */
async function watchlistsToMatch(rt: Runtime, data: ArticleJobData): Promise<string[]> {
  const own = new Set(data.watchlists);
  if (rt.config.watchlists.every((w) => own.has(w.id))) return data.watchlists;
  return [...new Set([...data.watchlists, ...(await articleWatchlists(rt.redis, articleKey(data.url)))])];
}

/** Why a matched article queued no alert, for the log line (a silent `alertsQueued: 0` reads like a bug). */
function noAlertReason(duplicateOf: 'url' | 'text' | undefined): string {
  const copy = duplicateOf === 'url' ? 'a copy (same address) of a story' : duplicateOf === 'text' ? 'a copy (same text) of a story' : 'a story';
  return `${copy} already alerted for these people, or its watchlists notify no webhook`;
}
