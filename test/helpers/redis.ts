import { startEmbeddedRedis, type EmbeddedRedis } from '../../workers/redis/embedded.js';

/** A real redis-server on a free port, no persistence, for one test file. */
export function startTestRedis(options: { dataDir?: string; appendOnly?: boolean } = {}): Promise<EmbeddedRedis> {
  return startEmbeddedRedis({ appendOnly: options.appendOnly ?? false, dataDir: options.dataDir });
}
