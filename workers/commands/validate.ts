import { Command } from 'commander';
import { configOption, configPathFrom, examples, jsonOption, printJson, UsageError } from './common.js';

/**
 * `newswatch validate [FILE]`: checks a config and prints its summary and
 * warnings, or every error as `FILE:LINE:COL message` (exit 1). A file with
 * watchlists but neither feeds nor webhooks is checked as a watchlist file
 * (what `scan --config` reads).
 */
export function validateCommand(): Command {
  return new Command('validate')
    .description('check a config file: a summary, or every error as FILE:LINE:COL message')
    .argument('[file]', 'the config file (the same as --config FILE)')
    .addOption(configOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Exit code 0 when the file is valid (warnings included), 1 when it is not.
` + examples('newswatch validate config/newswatch.yaml', 'newswatch validate --json --config /etc/newswatch.yaml'),
    )
    .action(async (file: string | undefined, opts: { config?: string; json?: boolean }) => {
      if (file !== undefined && opts.config !== undefined && file !== opts.config) {
        throw new UsageError('validate: give the file once, as FILE or as --config FILE');
      }
      const path = file ?? (await configPathFrom(opts));
      const { ConfigError, configWarnings, loadConfigFile, summarizeConfig, watchlistsOnly } = await import('../../src/config/index.js');
      let config;
      try {
        config = await loadConfigFile(path, process.env, { scope: 'auto' });
      } catch (err) {
        if (!(err instanceof ConfigError) || !opts.json) throw err;
        printJson({ file: path, ok: false, issues: err.issues });
        process.exitCode = 1;
        return;
      }
      const scope = watchlistsOnly.has(config) ? 'watchlists' : 'full';
      const warnings = configWarnings(config);
      if (opts.json) {
        printJson({
          file: path,
          ok: true,
          scope,
          feeds: config.feeds.length,
          watchlists: config.watchlists.length,
          entities: config.watchlists.reduce((n, w) => n + w.entities.length, 0),
          webhooks: config.webhooks.length,
          warnings,
        });
        return;
      }
      const note = scope === 'watchlists' ? ' (watchlists only: enough for `newswatch scan --config`, not for `newswatch run`)' : '';
      process.stdout.write(`${path}: OK${note}\n${summarizeConfig(config)}\n`);
      for (const w of warnings) process.stderr.write(`${path}: warning: ${w}\n`);
    });
}
