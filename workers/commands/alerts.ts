import type { Logger } from '../runtime/log.js';
import { openQueues, type DeliveryJobData } from '../runtime/queues.js';
import { connectForCommand } from '../redis/for-command.js';
import { runAlertsTest } from './alerts-test.js';

const USAGE = 'usage: newswatch alerts failed | newswatch alerts retry ID|--all | newswatch alerts test TARGET_ID [--config FILE]\n';

/** One dead letter's subject: the story's title, or the digest's window. */
function subjectOf(data: DeliveryJobData): string {
  if (data.kind === 'digest') return `digest of ${new Date(data.window.start).toISOString()} to ${new Date(data.window.end).toISOString()}`;
  return data.payload.data.article.title ?? data.payload.data.article.url;
}

/**
 * `newswatch alerts failed` lists the dead letters (alert and digest jobs that
 * ran out of attempts or were refused); `newswatch alerts retry ID|--all`
 * sends them again; `newswatch alerts test TARGET_ID` sends the test alert to
 * one target straight from the CLI.
 */
export async function runAlertsCommand(
  args: string[],
  opts: { configPath: string; redisUrl?: string; log: Logger; prefix?: string },
): Promise<number> {
  const [sub, target] = args;
  if (sub === 'test') return runAlertsTest(args.slice(1), { configPath: opts.configPath });
  if (sub !== 'failed' && sub !== 'retry') {
    process.stderr.write(USAGE);
    return 2;
  }
  if (sub === 'retry' && !target) {
    process.stderr.write('newswatch alerts retry: give an alert id (from `alerts failed`) or --all\n');
    return 2;
  }
  const { redis, close } = await connectForCommand(opts.redisUrl);
  const queues = openQueues(redis, opts.prefix);
  try {
    if (sub === 'failed') {
      const jobs = await queues.alert.getFailed(0, -1);
      if (jobs.length === 0) {
        process.stdout.write('no dead-lettered alerts\n');
        return 0;
      }
      for (const job of jobs) {
        const when = job.finishedOn ? new Date(job.finishedOn).toISOString() : '-';
        const list = job.data.kind === 'digest' ? 'digest' : `watchlist=${job.data.watchlistId}`;
        process.stdout.write(
          `${job.id}\t${when}\twebhook=${job.data.webhookId}\t${list}\tattempts=${job.attemptsMade}\t${job.failedReason ?? ''}\t${subjectOf(job.data)}\n`,
        );
      }
      process.stdout.write(`${jobs.length} dead-lettered alert(s)\n`);
      return 0;
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
