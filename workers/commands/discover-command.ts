import { Command } from 'commander';
import { configOption, examples, jsonOption, printJson } from './common.js';

/** `newswatch discover URL_OR_FILE`: the CLI face of runDiscover (discover.ts, loaded when the command runs). */
export function discoverCommand(): Command {
  return new Command('discover')
    .description("what a site offers to watch (feeds, sitemaps, listing pages), as feeds: lines to paste")
    .argument('<url-or-file>', "a site's address, or a saved page")
    .addOption(configOption())
    .option('--url <url>', 'the address a local file was saved from')
    .addOption(jsonOption())
    .addHelpText('after', examples('newswatch discover https://www.example.com/', 'newswatch discover page.html --url https://www.example.com/news/ --json'))
    .action(async (target: string, opts: { config?: string; url?: string; json?: boolean }) => {
      const { formatDiscover, runDiscover } = await import('./discover.js');
      const report = await runDiscover(target, { configPath: opts.config, pageUrl: opts.url });
      if (opts.json) printJson(report);
      else process.stdout.write(formatDiscover(report) + '\n');
    });
}
