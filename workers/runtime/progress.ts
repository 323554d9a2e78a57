import type { FeedConfig } from '../../src/config/types.js';
import type { Logger } from './log.js';
import type { RedisClient } from '../redis/connect.js';
import { keys } from '../state/keys.js';

const EVERY_MS = 30_000;
/** Below this many new feeds a start is quick enough to need no progress lines. */
const MIN_FEEDS = 50;

/**
 * While many feeds wait for their first poll (a new install, a large import),
 * logs how many have been read every 30 s, and once when all have.
 */
export function logFirstPollProgress(redis: RedisClient, feeds: () => FeedConfig[], log: Logger, everyMs = EVERY_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  let lastPrimed = -1;
  const check = async () => {
    const all = feeds();
    const pipeline = redis.pipeline();
    for (const f of all) pipeline.hget(keys.feedState(f.id), 'primed');
    const results = (await pipeline.exec()) ?? [];
    const primed = results.filter(([, v]) => v === '1').length;
    if (primed === all.length) {
      if (lastPrimed >= 0) log.info({ primed, total: all.length }, 'first polls done: every feed has been read');
      return;
    }
    if (lastPrimed === -1 && all.length - primed < MIN_FEEDS) return;
    if (primed !== lastPrimed) log.info({ primed, total: all.length }, 'first polls in progress');
    lastPrimed = primed;
    schedule();
  };
  // A failed count (Redis away for a moment) is said once per failure and tried again at the next tick.
  const run = () =>
    void check().catch((err: Error) => {
      log.warn({ err: err.message }, 'first-poll progress: could not count primed feeds; trying again');
      schedule();
    });
  const schedule = () => {
    timer = setTimeout(run, everyMs);
    timer.unref();
  };
  run();
  return () => clearTimeout(timer);
}
