import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TEST_SECRET } from './receiver.js';
import { tempDir } from './temp.js';

export interface TestConfigOptions {
  feeds: Array<{ url: string; interval?: string; name?: string; watchlists?: string[] }>;
  webhookUrl: string;
  extraWebhooks?: string;
  retry?: string;
  backfill?: string;
  /** Webhook ids the watchlist notifies; default [ops]. */
  notify?: string[];
  /** More watchlists, as YAML list items. */
  extraWatchlists?: string;
}

/** The seed story's people, as a user would write them. */
export const MIDEAST_WATCHLIST = `
  - id: mideast
    entities:
      - id: steve-witkoff
        name: Steve Witkoff
        aliases: [Steven Witkoff]
        shortNames: [Witkoff]
        exclude: [Andrew Witkoff]
        role: U.S. special envoy to the Middle East
      - id: khalil-al-hayya
        name: Khalil al-Hayya
        aliases: [Khalil al-Hayyah]
        shortNames: [al-Hayya, al-Hayyah]
        role: Hamas chief negotiator
      - id: jared-kushner
        name: Jared Kushner
        shortNames: [Kushner]
        exclude: [Charles Kushner]
    notify: [ops]`;

export async function writeTestConfig(opts: TestConfigOptions): Promise<string> {
  const dir = tempDir();
  const file = join(dir, 'newswatch.yaml');
  const feeds = opts.feeds
    .map((f) => {
      let s = `  - url: ${f.url}\n`;
      if (f.name) s += `    name: ${f.name}\n`;
      if (f.interval) s += `    interval: ${f.interval}\n`;
      if (f.watchlists) s += `    watchlists: [${f.watchlists.join(', ')}]\n`;
      return s;
    })
    .join('');
  const yaml = `defaults:
  interval: 10s
  backfill: ${opts.backfill ?? '24h'}
fetch:
  timeout: 5s
  allowPrivateNetworks: true
feeds:
${feeds || '  []\n'}watchlists:${MIDEAST_WATCHLIST.replace('notify: [ops]', `notify: [${(opts.notify ?? ['ops']).join(', ')}]`)}
${opts.extraWatchlists ?? ''}
webhooks:
  - id: ops
    url: ${opts.webhookUrl}
    secret: ${TEST_SECRET}
    timeout: 2s
${opts.retry ?? '    retry: { attempts: 5, initialDelay: 1s, maxDelay: 5s }'}
${opts.extraWebhooks ?? ''}`;
  await writeFile(file, yaml);
  return file;
}
