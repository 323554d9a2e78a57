#!/usr/bin/env node
/**
 * The `newswatch` command line, on commander.
 *
 * Adding a command: write workers/commands/<name>.ts exporting a function
 * that returns a commander `Command` (description, arguments, options,
 * `addHelpText('after', examples(...))`, an async action), then add that
 * function to COMMANDS below. Nothing else: --help, --version, usage errors
 * and exit codes are handled here for every command. Shared pieces live in
 * workers/commands/common.ts: `configOption()` (--config, defaulting to
 * CONFIG_PATH), `jsonOption()`, `cliEnv()` (the checked environment),
 * `UsageError`, `printJson`, `printTable`.
 *
 * Exit codes: 0 the work succeeded; 1 the work failed (bad config, fetch
 * failed, no worker running; an action sets `process.exitCode = 1` or
 * throws); 2 the command line was wrong (unknown command or option, missing
 * argument, UsageError).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT, packageRoot, UsageError } from './commands/common.js';
import { runCommand } from './commands/run.js';
import { validateCommand } from './commands/validate.js';
import { scanCommand } from './commands/scan.js';
import { schemaCommand } from './commands/schema.js';
import { feedsCommand } from './commands/feeds.js';
import { alertsCommand } from './commands/alerts.js';
import { demoCommand } from './commands/demo.js';
import { entitiesCommand } from './commands/entities-command.js';
import { discoverCommand } from './commands/discover-command.js';
import { matchesCommand } from './commands/matches-command.js';
import { replayCommand } from './commands/replay-command.js';

/** Every command, in the order --help lists them. */
const COMMANDS: Array<() => Command> = [demoCommand, runCommand, validateCommand, scanCommand, discoverCommand, schemaCommand, feedsCommand, alertsCommand, matchesCommand, replayCommand, entitiesCommand];

/** package.json's version. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

function buildProgram(): Command {
  const program = new Command('newswatch')
    .description('Watches news feeds for named people and sends signed webhook alerts.')
    .version(packageVersion(), '-v, --version', 'print the version')
    .helpCommand('help [command]', 'help for a command')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`newswatch: ${text.replace(/^error: /, '')}`) })
    .addHelpText(
      'after',
      `
Start with \`newswatch demo\`: it runs the whole pipeline offline and prints the alert it received.
Environment: CONFIG_PATH (config/newswatch.yaml), REDIS_URL (unset: embedded redis-server),
PORT (8080), HOST (0.0.0.0), LOG_LEVEL (info). \`newswatch COMMAND --help\` for each command.
Exit codes: 0 done, 1 the work failed, 2 a usage error.`,
    );
  for (const make of COMMANDS) program.addCommand(inheritSettings(make(), program));
  return program;
}

/**
 * Subcommands added with addCommand do not inherit exitOverride and the
 * output settings: set them on each. (Not copyInheritedSettings: that would
 * also reset a command's own help option, which `entities` turns off.)
 */
function inheritSettings(cmd: Command, parent: Command): Command {
  cmd.exitOverride().showHelpAfterError('(add --help for usage)').configureOutput(parent.configureOutput());
  for (const sub of cmd.commands) inheritSettings(sub, cmd);
  return cmd;
}

/** Runs the command line; resolves to the exit code (undefined while a worker keeps running). */
async function main(argv: string[]): Promise<number | undefined> {
  const program = buildProgram();
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return undefined;
  } catch (err) {
    return reportError(err);
  }
}

/**
 * Errors whose message is the whole story (a config's FILE:LINE:COL list, a
 * bad variable, no redis-server, a busy data folder, no worker running),
 * printed as is. Known by name, not class: importing the classes here would
 * load the config, Redis and BullMQ modules for every `--help`.
 */
const SELF_EXPLAINING = new Set(['ConfigError', 'EnvError', 'RedisMissingError', 'DataFolderBusyError', 'NoWorkerError']);

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0; every other commander error is about usage.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`newswatch: ${err.message}\n(add --help for usage)\n`);
    return EXIT.usage;
  }
  if (err instanceof Error && SELF_EXPLAINING.has(err.name)) {
    process.stderr.write(err.message + '\n');
  } else {
    process.stderr.write(`newswatch: ${(err as Error)?.message ?? String(err)}\n`);
  }
  return EXIT.failed;
}

// `newswatch schema | head` closes the pipe early: that is the reader's choice, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

void main(process.argv.slice(2)).then((code) => {
  if (code === undefined || code === EXIT.ok) return; // an action's own process.exitCode stands
  process.exit(code);
});
