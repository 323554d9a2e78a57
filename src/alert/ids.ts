import { createHash } from 'node:crypto';

/**
 * The alert's `webhook-id`: `msg_` + 32 hex chars of a SHA-256 over its parts.
 * Deterministic, so a retry, a re-poll, a second feed carrying the story or a
 * restart all produce the same id and the receiver (and BullMQ's jobId) drop
 * repeats.
 *
 * - storyKey: the canonical-URL hash or the near-duplicate cluster id (caller's choice).
 * - entityIds: when a later copy of a story names a person not alerted before,
 *   the new alert is for those people only; pass their ids so it gets its own
 *   id. The set is sorted and de-duplicated, so order does not matter. Omitted
 *   or empty means "the first alert for this story", which keeps the id of an
 *   ordinary alert independent of who was matched.
 */
export function alertId(storyKey: string, watchlistId: string, webhookId: string, entityIds?: string[]): string {
  const entities = [...new Set(entityIds ?? [])].sort();
  // JSON keeps the parts unambiguous ("a|b","c" vs "a","b|c").
  const material = JSON.stringify(['newswatch.alert.v1', storyKey, watchlistId, webhookId, entities]);
  return `msg_${createHash('sha256').update(material).digest('hex').slice(0, 32)}`;
}
