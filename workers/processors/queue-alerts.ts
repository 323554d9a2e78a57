import { buildAlertPayload } from '../../src/alert/payload.js';
import { alertId } from '../../src/alert/ids.js';
import type { ArticleView } from '../../src/pipeline/article.js';
import type { AlertingWatchlist } from '../../src/pipeline/article.js';
import type { StoredAlert } from '../state/history.js';
import { alertedEntities, recordAlertedEntities } from '../state/stories.js';
import type { AlertJobData } from '../runtime/queues.js';
import type { Runtime } from '../runtime/runtime.js';
import { WEBHOOK_BACKOFF } from './backoffs.js';
import { gatherForDigest } from './digest.js';


/**
 * Turns an article's matches into alert jobs: one per watchlist and webhook,
 * with an id derived from the story, so a re-post, a second feed or a retry
 * is the same alert. A later copy that names someone new alerts for them only.
 * Targets with a `digest` gather the alert for their next digest instead.
 */
export async function queueAlerts(
  rt: Runtime,
  args: {
    storyId: string;
    /** The article's own id (hash of its canonical link), kept with each alert in the history. */
    articleId: string;
    article: ArticleView;
    feed: { url: string; name?: string };
    found: AlertingWatchlist[];
    firstSeenAt: number;
  },
): Promise<{ queued: number; alerts: StoredAlert[] }> {
  let queued = 0;
  const alerts: StoredAlert[] = [];
  const now = new Date();
  for (const wl of args.found) {
    const watchlist = rt.watchlist(wl.watchlistId);
    if (!watchlist) continue;
    const already = await alertedEntities(rt.redis, args.storyId, wl.watchlistId);
    const fresh = wl.matches.filter((m) => !already.has(m.entityId));
    if (fresh.length === 0) continue;
    const followUp = already.size > 0;
    const payload = buildAlertPayload({
      watchlistId: wl.watchlistId,
      article: {
        url: args.article.url,
        canonicalUrl: args.article.canonicalUrl,
        title: args.article.title,
        publishedAt: args.article.publishedAt,
        author: args.article.author,
        language: args.article.language,
      },
      feed: args.feed,
      matches: fresh,
      now,
    });
    const jobs = [];
    for (const webhookId of watchlist.notify) {
      const webhook = rt.webhook(webhookId);
      if (!webhook) continue;
      const id = alertId(args.storyId, wl.watchlistId, webhookId, followUp ? fresh.map((m) => m.entityId) : undefined);
      alerts.push({ alertId: id, webhookId, watchlistId: wl.watchlistId, storyId: args.storyId, articleId: args.articleId, queuedAt: now.getTime(), data: payload.data });
      if (webhook.digest) {
        // A digest target gets its alerts when the window ends, all in one message.
        await gatherForDigest(rt, { ...webhook, digest: webhook.digest }, { alertId: id, payload });
        queued += 1;
        continue;
      }
      const data: AlertJobData = { alertId: id, webhookId, watchlistId: wl.watchlistId, payload, firstSeenAt: args.firstSeenAt };
      jobs.push({
        name: 'alert',
        data,
        opts: { jobId: id, attempts: webhook.retry.attempts, backoff: { type: WEBHOOK_BACKOFF } },
      });
    }
    if (jobs.length > 0) await rt.queues.alert.addBulk(jobs);
    await recordAlertedEntities(rt.redis, args.storyId, wl.watchlistId, fresh.map((m) => m.entityId));
    queued += jobs.length;
  }
  return { queued, alerts };
}
