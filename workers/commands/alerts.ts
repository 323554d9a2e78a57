import { Command } from 'commander';
import type { Job } from 'bullmq';
import type { Logger } from '../runtime/log.js';
import type { DeliveryJobData } from '../runtime/queues.js';
import { cliEnv, configOption, configPathFrom, examples, jsonOption, printJson, printTable, UsageError } from './common.js';

/** One dead letter's subject: the story's title, or the digest's window. */
function subjectOf(data: DeliveryJobData): string {
  if (data.kind === 'digest') return `digest of ${new Date(data.window.start).toISOString()} to ${new Date(data.window.end).toISOString()}`;
  return data.payload.data.article.title ?? data.payload.data.article.url;
}

interface AlertsOptions {
  configPath?: string;
  redisUrl?: string;
  log: Logger;
  prefix?: string;
  json?: boolean;
}

const WHERE = `
Reads the running worker's Redis: REDIS_URL, else the embedded one of a
\`newswatch run\` in this folder (it says so when none is running).
`;

/**
 * `newswatch alerts failed` lists the dead letters (alert and digest jobs
 * that ran out of attempts or were refused); `alerts retrying` the alerts
 * still waiting for their next attempt; `alerts retry ID|--all` sends dead
 * letters again; `alerts test TARGET_ID` sends the test alert to one target
 * straight from the CLI (alerts-test.ts).
 */
export function alertsCommand(): Command {
  const shared = (cmd: Command) => cmd.option('--prefix <prefix>', 'queue key prefix (only when the worker was started with one)');
  const run = async (args: string[], opts: { json?: boolean; prefix?: string }) => {
    const env = await cliEnv();
    const { createLogger } = await import('../runtime/log.js');
    process.exitCode = await runAlertsCommand(args, { redisUrl: env.REDIS_URL, log: createLogger(env.LOG_LEVEL), prefix: opts.prefix, json: opts.json });
  };
  const alerts = new Command('alerts')
    .description('dead-lettered and retrying alerts: list them, send them again')
    .addHelpText('after', WHERE + examples('newswatch alerts failed', 'newswatch alerts retrying --json', 'newswatch alerts retry --all'));
  alerts.addCommand(
    shared(new Command('failed'))
      .description('list dead-lettered alerts with their last error')
      .addOption(jsonOption())
      .addHelpText('after', WHERE + examples('newswatch alerts failed', 'newswatch alerts failed --json'))
      .action((opts) => run(['failed'], opts)),
  );
  alerts.addCommand(
    shared(new Command('retrying'))
      .description('list alerts that failed and wait for their next attempt')
      .addOption(jsonOption())
      .addHelpText('after', WHERE + examples('newswatch alerts retrying'))
      .action((opts) => run(['retrying'], opts)),
  );
  alerts.addCommand(
    shared(new Command('retry'))
      .description('send dead-lettered alerts again: one by id (from `alerts failed`), or --all')
      .argument('[id]', 'the alert id')
      .option('--all', 'every dead-lettered alert')
      .addHelpText('after', WHERE + examples('newswatch alerts retry 3f2a…', 'newswatch alerts retry --all'))
      .action((id: string | undefined, opts: { all?: boolean; prefix?: string }) => {
        if ((id === undefined) === (opts.all !== true)) throw new UsageError('alerts retry: give an alert id (from `alerts failed`) or --all (one of the two)');
        return run(['retry', id ?? '--all'], opts);
      }),
  );
  alerts.addCommand(
    new Command('test')
      .description('send the test alert (the seed story, typed alert.test) to one target now: no worker, no Redis')
      // Optional here so that alerts-test.ts gives its own usage line (exit 2) when the id is missing.
      .argument('[target-id]', "a webhook's id in the config")
      .addOption(configOption())
      .addHelpText('after', '\nExit code 0 when the target took it, 1 when not (with the reason).\n' + examples('newswatch alerts test ops', 'newswatch alerts test ops --config /etc/newswatch.yaml'))
      .action(async (targetId: string | undefined, opts: { config?: string }) => {
        const { runAlertsTest } = await import('./alerts-test.js');
        process.exitCode = await runAlertsTest(targetId === undefined ? [] : [targetId], { configPath: await configPathFrom(opts) });
      }),
  );
  return alerts;
}

export async function runAlertsCommand(args: string[], opts: AlertsOptions): Promise<number> {
  const [sub, target] = args;
  if (sub === 'test') return (await import('./alerts-test.js')).runAlertsTest(args.slice(1), { configPath: opts.configPath ?? (await cliEnv()).CONFIG_PATH });
  if (sub !== 'failed' && sub !== 'retry' && sub !== 'retrying') throw new UsageError('alerts: failed, retrying, retry or test');
  if (sub === 'retry' && !target) throw new UsageError('alerts retry: give an alert id (from `alerts failed`) or --all');
  // Loaded here, not at the top: `newswatch --help` should not pay for BullMQ and ioredis.
  const [{ openQueues }, { connectForCommand }] = await Promise.all([import('../runtime/queues.js'), import('../redis/for-command.js')]);
  const { redis, close } = await connectForCommand(opts.redisUrl);
  const queues = openQueues(redis, opts.prefix);
  try {
    if (sub === 'failed') return list(await queues.alert.getFailed(0, -1), 'dead-lettered', opts.json);
    if (sub === 'retrying') {
      // A failed attempt with attempts left waits in `delayed` until its backoff ends.
      const waiting = (await queues.alert.getDelayed(0, -1)).filter((j) => j.attemptsMade > 0);
      return list(waiting, 'retrying', opts.json);
    }
    const jobs = target === '--all' ? await queues.alert.getFailed(0, -1) : [await queues.alert.getJob(target!)].filter((j) => j !== undefined);
    if (jobs.length === 0) {
      process.stderr.write(target === '--all' ? 'no dead-lettered alerts\n' : `no alert with id ${target}\n`);
      return target === '--all' ? 0 : 1;
    }
    let done = 0;
    for (const job of jobs) {
      if (!job) continue;
      if ((await job.getState()) !== 'failed') {
        process.stderr.write(`${job.id}: not dead-lettered, left alone\n`);
        continue;
      }
      await job.retry('failed', { resetAttemptsMade: true });
      done += 1;
      if (jobs.length >= 100 && done % 100 === 0) opts.log.info({ done, total: jobs.length }, 'retrying dead-lettered alerts');
    }
    process.stdout.write(`${done} alert(s) queued for delivery again\n`);
    return 0;
  } finally {
    await queues.close();
    await close();
  }
}

function list(jobs: Array<Job<DeliveryJobData>>, what: 'dead-lettered' | 'retrying', json?: boolean): number {
  const rows = jobs.map((job) => ({
    id: job.id,
    // Dead letters: when they failed for good. Retrying: when the next attempt is due.
    at: what === 'retrying' ? job.timestamp + (job.delay ?? 0) : job.finishedOn,
    webhook: job.data.webhookId,
    watchlist: job.data.kind === 'digest' ? '(digest)' : job.data.watchlistId,
    attempts: job.attemptsMade,
    maxAttempts: job.opts.attempts,
    lastError: job.failedReason,
    title: subjectOf(job.data),
  }));
  if (json) {
    printJson(rows.map((r) => ({ ...r, at: r.at ? new Date(r.at).toISOString() : undefined })));
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write(`no ${what} alerts\n`);
    return 0;
  }
  printTable(
    [
      ['ID', what === 'retrying' ? 'NEXT ATTEMPT' : 'FAILED AT', 'WEBHOOK', 'WATCHLIST', 'ATTEMPTS', 'LAST ERROR', 'TITLE'],
      ...rows.map((r) => [String(r.id), r.at ? new Date(r.at).toISOString() : '-', r.webhook, r.watchlist, `${r.attempts}/${r.maxAttempts ?? '?'}`, r.lastError ?? '', r.title]),
    ],
    70,
  );
  process.stdout.write(`${rows.length} ${what} alert(s)\n`);
  return 0;
}
