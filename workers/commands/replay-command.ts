import { Command } from 'commander';
import { cliEnv, examples, jsonOption, UsageError } from './common.js';

/** `newswatch replay --config FILE`: the CLI face of runReplayCommand (replay.ts, loaded when the command runs). */
export function replayCommand(): Command {
  return new Command('replay')
    .description('what a (changed) config would have alerted over stored articles; sends nothing')
    .option('-c, --config <file>', 'the config to try (required)')
    .option('--since <duration>', 'how far back (default 24h)')
    .addOption(jsonOption())
    .addHelpText('after', examples('newswatch replay --config config/newswatch.yaml --since 48h'))
    .action(async (opts: { config?: string; since?: string; json?: boolean }) => {
      if (!opts.config) throw new UsageError('replay needs --config FILE (the config to try)');
      const { runReplayCommand } = await import('./replay.js');
      process.exitCode = await runReplayCommand({ configPath: opts.config, since: opts.since, json: opts.json, redisUrl: (await cliEnv()).REDIS_URL });
    });
}
