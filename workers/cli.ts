#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, configJsonSchema, loadConfigFile, summarizeConfig } from '../src/config/index.js';
import { RedisMissingError } from './redis/embedded.js';
import { createLogger } from './runtime/log.js';
import { startWorker } from './runtime/start.js';
import { runScan } from './commands/scan.js';
import { runAlertsCommand } from './commands/alerts.js';
import { runFeedsCommand } from './commands/feeds.js';
import { formatDiscover, runDiscover } from './commands/discover.js';
import { runEntitiesCommand } from './commands/entities.js';

const USAGE = `newswatch — watches news feeds for named people

Usage:
  newswatch run                          run the worker (queues, schedulers, health server)
  newswatch validate [FILE]              check a config file
  newswatch scan URL_OR_FILE [--config FILE] [--url URL] [--type feed|sitemap|page] [--links SELECTOR]
                                         extract and match one page or feed, print JSON;
                                         a sitemap, or a page with --type page, prints its items
  newswatch discover URL_OR_FILE [--config FILE] [--url URL] [--json]
                                         what a site offers to watch, as feeds: lines to paste
  newswatch schema                       print the config file's JSON Schema
  newswatch alerts failed                list dead-lettered alerts
  newswatch alerts retry [ID|--all]      send dead-lettered alerts again
  newswatch alerts test TARGET_ID [--config FILE]
                                         send a test alert to one webhook target now
  newswatch feeds                        show each feed's schedule and last outcome
  newswatch entities import QID [--languages en,ar,…] [--api URL]
                                         print a watchlist entry from Wikidata labels and aliases
  newswatch entities variants "NAME"     print Latin spellings of an Arabic-origin name

Environment: CONFIG_PATH (config/newswatch.yaml), REDIS_URL (unset: embedded redis-server),
PORT (8080), LOG_LEVEL (info).`;

const env = process.env;
const configPath = () => env.CONFIG_PATH ?? 'config/newswatch.yaml';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
    case undefined: {
      if (command === undefined) {
        process.stdout.write(USAGE + '\n');
        return 0;
      }
      await startWorker({
        configPath: configPath(),
        redisUrl: env.REDIS_URL || undefined,
        port: Number(env.PORT ?? 8080),
        handleSignals: true,
        adminPassword: env.ADMIN_PASSWORD || undefined,
        stalledCheckMs: env.NEWSWATCH_STALLED_CHECK_MS ? Number(env.NEWSWATCH_STALLED_CHECK_MS) : undefined,
      });
      return -1; // keeps running
    }
    case 'validate': {
      const file = rest[0] ?? configPath();
      const config = await loadConfigFile(file);
      process.stdout.write(`${file}: OK\n${summarizeConfig(config)}\n`);
      return 0;
    }
    case 'schema':
      process.stdout.write(JSON.stringify(configJsonSchema(), null, 2) + '\n');
      return 0;
    case 'scan': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { config: { type: 'string' }, url: { type: 'string' }, type: { type: 'string' }, links: { type: 'string' } },
      });
      const target = positionals[0];
      if (!target) throw new UsageError('scan needs a URL or a file');
      if (values.type !== undefined && !['feed', 'sitemap', 'page'].includes(values.type)) throw new UsageError('scan --type is feed, sitemap or page');
      const output = await runScan(target, {
        configPath: values.config ?? configPath(),
        pageUrl: values.url,
        explicitConfig: values.config !== undefined,
        type: values.type as 'feed' | 'sitemap' | 'page' | undefined,
        links: values.links,
      });
      process.stdout.write(JSON.stringify(output, null, 2) + '\n');
      return 0;
    }
    case 'discover': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { config: { type: 'string' }, url: { type: 'string' }, json: { type: 'boolean' } },
      });
      const target = positionals[0];
      if (!target) throw new UsageError('discover needs a URL or a file');
      const report = await runDiscover(target, { configPath: values.config, pageUrl: values.url });
      process.stdout.write((values.json ? JSON.stringify(report, null, 2) : formatDiscover(report)) + '\n');
      return 0;
    }
    case 'alerts':
      return runAlertsCommand(rest, { configPath: configPath(), redisUrl: env.REDIS_URL || undefined, log: createLogger() });
    case 'entities':
      return runEntitiesCommand(rest);
    case 'feeds':
      return runFeedsCommand({ configPath: configPath(), redisUrl: env.REDIS_URL || undefined });
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
    } else if (err instanceof UsageError) {
      process.stderr.write(`newswatch: ${err.message}\n\n${USAGE}\n`);
    } else if (err instanceof RedisMissingError) {
      process.stderr.write(err.message + '\n');
    } else {
      process.stderr.write(`newswatch: ${(err as Error)?.message ?? String(err)}\n`);
    }
    process.exit(1);
  },
);
