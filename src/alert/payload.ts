import type { EntityMatch } from '../match/types.js';
import type { Prominence, RuleReport } from '../relevance/types.js';
import type { AlertPayload } from './types.js';
import { toPlainText } from './plain-text.js';

export interface BuildAlertPayloadArgs {
  watchlistId: string;
  article: { url: string; canonicalUrl?: string; title?: string; publishedAt?: string | Date; author?: string; language?: string };
  feed: { url: string; name?: string };
  /** From the article stage each match has its prominence, and its rule when a `when` applied. */
  matches: Array<EntityMatch & { prominence?: Prominence; rule?: RuleReport }>;
  now: Date;
}

/** An optional text field: plain text, or absent when nothing is left. */
function optionalText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = toPlainText(value);
  return text === '' ? undefined : text;
}

function isoDate(value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * SPEC's `article.matched` body. Optional fields are left out rather than sent
 * as null; `offsets` are internal and never leave the worker; snippets,
 * title, author and names are forced to plain text.
 */
export function buildAlertPayload(args: BuildAlertPayloadArgs): AlertPayload {
  const { article, feed } = args;
  const title = optionalText(article.title);
  const publishedAt = isoDate(article.publishedAt);
  const author = optionalText(article.author);
  const language = optionalText(article.language);
  const feedName = optionalText(feed.name);
  return {
    type: 'article.matched',
    timestamp: args.now.toISOString(),
    data: {
      watchlist: { id: args.watchlistId },
      article: {
        url: article.url,
        ...(article.canonicalUrl !== undefined && article.canonicalUrl !== article.url && { canonicalUrl: article.canonicalUrl }),
        ...(title !== undefined && { title }),
        ...(publishedAt !== undefined && { publishedAt }),
        ...(author !== undefined && { author }),
        ...(language !== undefined && { language }),
        feed: { url: feed.url, ...(feedName !== undefined && { name: feedName }) },
      },
      matches: args.matches.map((m) => {
        const role = optionalText(m.role);
        return {
          entityId: m.entityId,
          name: toPlainText(m.name),
          ...(role !== undefined && { role }),
          ...(m.wikidata !== undefined && { wikidata: m.wikidata }),
          count: m.count,
          inTitle: m.inTitle,
          snippets: m.snippets.map(toPlainText).filter((s) => s !== ''),
          ...(m.prominence !== undefined && { prominence: m.prominence }),
          ...(m.rule !== undefined && { rule: m.rule }),
        };
      }),
    },
  };
}
