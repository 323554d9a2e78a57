import type { EntityMatch } from '../match/types.js';
import type { Prominence, RuleReport } from '../relevance/types.js';

/** SPEC's `article.matched` webhook body; `alert.test` is the same body sent by `newswatch alerts test`. */
export interface AlertPayload {
  type: 'article.matched' | 'alert.test';
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

/** The `data` of one `article.matched`. */
export type AlertData = AlertPayload['data'];

/** A digest target's body for format standard: every alert of one window, in the order they were queued. */
export interface DigestPayload {
  type: 'digest';
  /** The window's end: stable across retries, like an alert's timestamp. */
  timestamp: string;
  data: {
    webhook: { id: string };
    window: { start: string; end: string };
    alerts: AlertData[];
  };
}

/**
 * What goes out to one target: one alert (or the test alert), or one digest.
 * `id` is the `webhook-id` for standard and the idempotency key everywhere.
 */
export type OutgoingMessage =
  | { kind: 'alert'; id: string; payload: AlertPayload }
  | { kind: 'digest'; id: string; payload: DigestPayload };
