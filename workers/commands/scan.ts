import { Command } from 'commander';
import { Option } from 'commander';
import { cliEnv, configOption, examples, printJson } from './common.js';

/** `newswatch scan URL_OR_FILE`: the CLI face of runScan (scan-run.ts, loaded when the command runs). */
export function scanCommand(): Command {
  return new Command('scan')
    .description('extract and match one page or feed (a URL or a file) and print JSON; needs no Redis')
    .argument('<url-or-file>', 'an article page or a feed: http(s) URL or a local file')
    .addOption(configOption())
    .option('--url <url>', 'the address a local file was saved from (resolves its links)')
    .addOption(new Option('--type <type>', 'read it as this kind of source (default: detected)').choices(['feed', 'sitemap', 'page']))
    .option('--links <selector>', 'CSS selector of the article links on a listing page (implies --type page)')
    .addHelpText(
      'after',
      `
A sitemap, or a page with --type page, prints the items a poll would take.
Only the config's watchlists, feeds and fetch settings are read: a file with
just watchlists will do, and webhooks and their \${VAR}s are ignored.
` + examples('newswatch scan examples/seed/witkoff-al-hayya.html --config examples/seed/watchlist.yaml', 'newswatch scan https://example.com/world/rss.xml --config config/newswatch.yaml'),
    )
    .action(async (target: string, opts: { config?: string; url?: string; type?: 'feed' | 'sitemap' | 'page'; links?: string }) => {
      const { runScan } = await import('./scan-run.js');
      const output = await runScan(target, {
        configPath: opts.config ?? (await cliEnv()).CONFIG_PATH,
        pageUrl: opts.url,
        explicitConfig: opts.config !== undefined,
        type: opts.type,
        links: opts.links,
      });
      printJson(output);
    });
}
