import { UnrecoverableError, type Job } from 'bullmq';
import { fetchPage } from '../src/article/fetch-page.js';
import { extractArticle } from '../src/extract/index.js';
import type { ExtractedArticle } from '../src/extract/types.js';
import { textFingerprint } from '../src/alert/fingerprint.js';
import { canonicalizeUrl, articleKey } from '../src/url/canonical.js';
import { resolveStory } from '../src/state/stories.js';
import { articleWatchlists } from '../src/state/seen-items.js';
import { metrics } from '../src/metrics.js';
import type { ArticleJobData } from './queues.js';
import type { Runtime } from './runtime.js';
import { queueAlerts } from './queue-alerts.js';
import { RetryLaterError } from './errors.js';
import { holdHostSlot } from './host-slot.js';

export function createArticleProcessor(rt: Runtime) {
  return async function processArticle(job: Job<ArticleJobData>, token?: string): Promise<string> {
    const data = job.data;
    const log = rt.log.child({ jobId: job.id, url: data.url, feedId: data.feed.id });
    const lease = await holdHostSlot(rt, job, token, new URL(data.link).host);
    let page;
    try {
      page = await fetchPage(data.link, rt.config.fetch);
    } finally {
      await lease.release();
    }

    let article: ExtractedArticle;
    switch (page.kind) {
      case 'permanent':
        metrics.articlesFetched.inc({ outcome: 'http_error' });
        throw new UnrecoverableError(page.reason);
      case 'retry':
        metrics.articlesFetched.inc({ outcome: 'error' });
        throw new RetryLaterError(page.reason, page.retryAfterMs);
      case 'skip':
        // Not a web page (a PDF, a video): the feed's own text is all there is.
        metrics.articlesFetched.inc({ outcome: 'not_html' });
        log.info({ reason: page.reason }, 'article is not HTML: matching the feed item text');
        article = extractArticle('', data.link, { feedItem: data.item });
        break;
      case 'html':
        metrics.articlesFetched.inc({ outcome: 'ok' });
        article = extractArticle(page.html, page.url, { feedItem: data.item });
        break;
    }
    metrics.extractionSource.inc({ source: article.textSource });

    const title = article.title ?? data.item.title;
    // Every feed that carried the story adds its watchlists, also those polled after this job was queued.
    const watchlists = [...new Set([...data.watchlists, ...(await articleWatchlists(rt.redis, articleKey(data.url)))])];
    const found = rt.matcher.match({ title, text: article.text }, watchlists);
    if (found.length === 0) return 'no match';

    const canonical = canonicalizeUrl(article.url) ?? data.url;
    const story = await resolveStory(rt.redis, {
      articleId: articleKey(canonical),
      fingerprint: article.text.length >= 200 ? textFingerprint(article.text) : undefined,
    });
    const queued = await queueAlerts(rt, {
      storyId: story.storyId,
      article: { ...article, title, url: canonical },
      item: data.item,
      feed: data.feed,
      found,
      firstSeenAt: data.firstSeenAt,
    });
    for (const wl of found) for (const m of wl.matches) metrics.matches.inc({ watchlist: wl.watchlistId, entity: m.entityId });
    log.info(
      {
        storyId: story.storyId,
        duplicateOf: story.duplicateOf,
        title,
        people: Object.fromEntries(found.map((w) => [w.watchlistId, w.matches.map((m) => m.name)])),
        alertsQueued: queued,
      },
      'article matched',
    );
    return `matched: ${queued} alerts queued`;
  };
}
