import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError, loadConfigFile } from '../../src/config/index.js';
import { diffConfigs, isUnchanged } from '../../src/config/diff.js';
import type { Runtime } from './runtime.js';

export interface ConfigReloader {
  /** Reloads now; resolves to whether a new config took effect. */
  reload(reason: string): Promise<boolean>;
  close(): void;
}

/** Editors save in bursts (write, rename, chmod): one reload per burst. */
const DEBOUNCE_MS = 300;
/** After a failed scheduler sync (Redis away), retry from this delay, doubling up to the cap. */
const SYNC_RETRY_MS = 1_000;
const SYNC_RETRY_MAX_MS = 60_000;

/**
 * Reloads the config on SIGHUP and when its file changes. A valid new config
 * takes effect at once (matcher, webhooks, fetch settings, feed schedulers);
 * an invalid one is refused with its errors and the running one stays.
 *
 * A reload whose scheduler sync fails (Redis unreachable) keeps the new
 * config, logs the error and syncs again by itself with backoff, and at the
 * next reload even if the file is unchanged. Reloads run one at a time; one
 * that fails never blocks the next.
 */
export function startConfigReloader(rt: Runtime, configPath: string, syncSchedulers: () => Promise<{ removed: string[] }>, options: { watchFile?: boolean; onSighup?: boolean } = {}): ConfigReloader {
  let running: Promise<unknown> = Promise.resolve();
  let syncPending = false;
  let retryDelayMs = SYNC_RETRY_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const reloadOnce = async (reason: string): Promise<boolean> => {
    let next;
    try {
      next = await loadConfigFile(configPath);
    } catch (err) {
      const issues = err instanceof ConfigError ? err.message.split('\n') : [(err as Error).message];
      rt.log.error({ reason, issues }, 'config reload refused: the running config stays');
      return false;
    }
    const changes = diffConfigs(rt.config, next);
    if (isUnchanged(changes) && !syncPending) {
      rt.log.debug({ reason }, 'config file unchanged');
      return false;
    }
    rt.replaceConfig(next);
    clearTimeout(retryTimer);
    try {
      const sync = await syncSchedulers();
      syncPending = false;
      retryDelayMs = SYNC_RETRY_MS;
      rt.log.info({ reason, changes, schedulersRemoved: sync.removed.length }, 'config reloaded');
      return true;
    } catch (err) {
      syncPending = true;
      rt.log.error(
        { reason, changes, err: (err as Error).message, retryInMs: retryDelayMs },
        'config reload: the new config is in effect but the feed schedulers did not sync; retrying',
      );
      if (!closed) {
        retryTimer = setTimeout(() => void reload('retry: feed schedulers not synced'), retryDelayMs);
        retryTimer.unref();
        retryDelayMs = Math.min(retryDelayMs * 2, SYNC_RETRY_MAX_MS);
      }
      return false;
    }
  };

  const reload = (reason: string): Promise<boolean> => {
    const result = running.then(() => reloadOnce(reason));
    running = result.catch(() => undefined);
    // Nobody awaits a signal's or a file watch's reload: an unexpected error is logged here, never left unhandled.
    result.catch((err: unknown) => rt.log.error({ reason, err: (err as Error).message }, 'config reload failed'));
    return result;
  };

  const cleanups: Array<() => void> = [];
  if (options.onSighup ?? true) {
    const onHup = () => void reload('SIGHUP');
    process.on('SIGHUP', onHup);
    cleanups.push(() => process.off('SIGHUP', onHup));
  }
  if (options.watchFile ?? true) {
    // Watch the folder, not the file: editors and Kubernetes ConfigMaps replace the file by rename.
    const file = basename(configPath);
    let timer: NodeJS.Timeout | undefined;
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(dirname(resolve(configPath)), (_event, name) => {
        if (name && name !== file && !name.startsWith('..')) return;
        clearTimeout(timer);
        timer = setTimeout(() => void reload('file changed'), DEBOUNCE_MS);
      });
      watcher.on('error', (err) => rt.log.warn({ err: err.message }, 'config file watch stopped; SIGHUP still reloads'));
    } catch (err) {
      rt.log.warn({ err: (err as Error).message }, 'cannot watch the config file; SIGHUP still reloads');
    }
    cleanups.push(() => {
      clearTimeout(timer);
      watcher?.close();
    });
  }
  return {
    reload,
    close: () => {
      closed = true;
      clearTimeout(retryTimer);
      cleanups.forEach((c) => c());
    },
  };
}
