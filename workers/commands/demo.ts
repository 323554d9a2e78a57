import { Command } from 'commander';
import { examples, printJson } from './common.js';

/** `newswatch demo`: the pipeline end to end, offline, in under a minute (demo-run.ts does it). */
export function demoCommand(): Command {
  return new Command('demo')
    .description('run the whole pipeline offline on the seed story and print the verified alert it sends')
    .option('--json', 'print only the alert, as JSON')
    .option('--timeout <seconds>', 'give up after this long', '60')
    .option('--verbose', "show the worker's own log")
    .addHelpText(
      'after',
      `
Serves the seed story (examples/seed/) and a feed linking to it on 127.0.0.1,
starts the worker on an embedded redis-server with a temporary data folder of
its own and a watchlist of the story's people (examples/seed/watchlist.yaml),
and waits for the signed alert at a local receiver. Needs redis-server on the
PATH, no network and no config; leaves nothing behind.
` + examples('newswatch demo', 'newswatch demo --json | jq .data.matches[].name'),
    )
    .action(async (opts: { json?: boolean; timeout: string; verbose?: boolean }) => {
      const timeoutMs = Number(opts.timeout) * 1000;
      const say = (line: string) => void (opts.json || process.stderr.write(`demo: ${line}\n`));
      const [{ runDemo }, { createLogger }] = await Promise.all([import('./demo-run.js'), import('../runtime/log.js')]);
      const result = await runDemo({ timeoutMs, say, log: createLogger(opts.verbose ? 'info' : 'warn') });
      if (opts.json) {
        printJson(result.alert);
        return;
      }
      say(`alert received and its signature verified (webhook-id ${result.webhookId}), ${(result.elapsedMs / 1000).toFixed(1)} s after the worker started:`);
      printJson(result.alert);
      say('next: copy config/newswatch.example.yaml to config/newswatch.yaml, add your people and webhook, `newswatch validate`, then `newswatch run`.');
    });
}
