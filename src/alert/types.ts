import type { EntityMatch } from '../match/types.js';
import type { Prominence, RuleReport } from '../relevance/types.js';

/** SPEC's `article.matched` webhook body. */
export interface AlertPayload {
  type: 'article.matched';
  timestamp: string;
  data: {
    watchlist: { id: string };
    article: {
      url: string;
      /** The page's own claim, when it names another address than `url`. */
      canonicalUrl?: string;
      title?: string;
      publishedAt?: string;
      author?: string;
      language?: string;
      feed: { url: string; name?: string };
    };
    matches: Array<Omit<EntityMatch, 'offsets'> & {
      /** The most prominent place the person appears. */
      prominence?: Prominence;
      /** When a `when` applied: the conditions that held, with where each came from. */
      rule?: RuleReport;
    }>;
  };
}

/** What one delivery attempt came to; the delivery worker maps it to a queue outcome. */
export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; reason: string; status?: number; retryAfterMs?: number }
  | { kind: 'dead'; reason: string; status?: number };
