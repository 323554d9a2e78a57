import { Command } from 'commander';
import { cliEnv, examples, jsonOption, UsageError } from './common.js';

/** `newswatch matches`: the CLI face of runMatchesCommand (matches.ts, loaded when the command runs). */
export function matchesCommand(): Command {
  return new Command('matches')
    .description('list recent alerts from the history the worker keeps')
    .option('--since <duration>', 'how far back (default 24h)')
    .option('--watchlist <id>', 'only this watchlist')
    .option('--person <id>', 'only this entity id')
    .option('--limit <n>', 'at most this many')
    .addOption(jsonOption())
    .addHelpText('after', examples('newswatch matches --since 2h', 'newswatch matches --person steve-witkoff --json'))
    .action(async (opts: { since?: string; watchlist?: string; person?: string; limit?: string; json?: boolean }) => {
      if (opts.limit !== undefined && !/^\d+$/.test(opts.limit)) throw new UsageError('matches --limit is a whole number');
      const { runMatchesCommand } = await import('./matches.js');
      process.exitCode = await runMatchesCommand({ ...opts, limit: opts.limit ? Number(opts.limit) : undefined, redisUrl: (await cliEnv()).REDIS_URL });
    });
}
