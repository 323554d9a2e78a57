import { createHash } from 'node:crypto';

/**
 * A feed's stable id: the first 16 hex chars of the SHA-256 of its URL, so a
 * feed keeps its state (seen items, scheduler) when it is renamed or moved
 * in the file, and a changed URL is a new feed.
 */
export function feedIdFromUrl(url: string): string {
  return createHash('sha256').update(url.trim()).digest('hex').slice(0, 16);
}
