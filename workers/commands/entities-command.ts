import { Command } from 'commander';

/**
 * `newswatch entities …`: registered with commander, but its arguments and
 * --help are entities.ts's own (its usage text, its exit codes), so this
 * passes everything through. entities.ts is loaded when the command runs.
 */
export function entitiesCommand(): Command {
  return new Command('entities')
    .description('build watchlist entries: import a person from Wikidata, or list Latin spellings of a name')
    .argument('[args...]', 'import QID [--languages …] [--api URL] | variants "NAME"… (newswatch entities --help)')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (args: string[]) => {
      const { runEntitiesCommand } = await import('./entities.js');
      process.exitCode = await runEntitiesCommand(args);
    });
}
