import { Command } from 'commander';
import { examples, printJson } from './common.js';

/** `newswatch schema`: the config's JSON Schema, for editors. */
export function schemaCommand(): Command {
  return new Command('schema')
    .description("print the config file's JSON Schema (for editor completion and checks)")
    .addHelpText('after', examples('newswatch schema > newswatch.schema.json'))
    .action(async () => printJson((await import('../../src/config/index.js')).configJsonSchema()));
}
