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

/**
 * Reloads the config on SIGHUP and when its file changes. A valid new config
 * takes effect at once (matcher, webhooks, fetch settings, feed schedulers);
 * an invalid one is refused with its errors and the running one stays.
 */
export function startConfigReloader(rt: Runtime, configPath: string, syncSchedulers: () => Promise<{ removed: string[] }>, options: { watchFile?: boolean; onSighup?: boolean } = {}): ConfigReloader {
  let running: Promise<boolean> = Promise.resolve(false);
  const reload = (reason: string): Promise<boolean> => {
    running = running.then(async () => {
      let next;
      try {
        next = await loadConfigFile(configPath);
      } catch (err) {
        const issues = err instanceof ConfigError ? err.message.split('\n') : [(err as Error).message];
        rt.log.error({ reason, issues }, 'config reload refused: the running config stays');
        return false;
      }
      const changes = diffConfigs(rt.config, next);
      if (isUnchanged(changes)) {
        rt.log.debug({ reason }, 'config file unchanged');
        return false;
      }
      rt.replaceConfig(next);
      const sync = await syncSchedulers();
      rt.log.info({ reason, changes, schedulersRemoved: sync.removed.length }, 'config reloaded');
      return true;
    });
    return running;
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
  return { reload, close: () => cleanups.forEach((c) => c()) };
}
