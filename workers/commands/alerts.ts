import type { Logger } from '../runtime/log.js';
import { openQueues } from '../runtime/queues.js';
import { connectForCommand } from '../redis/for-command.js';

/**
 * `newswatch alerts failed` lists the dead letters (alert jobs that ran out of
 * attempts or were refused); `newswatch alerts retry ID|--all` sends them again.
 */
export async function runAlertsCommand(
  args: string[],
  opts: { configPath: string; redisUrl?: string; log: Logger; prefix?: string },
): Promise<number> {
  const [sub, target] = args;
  if (sub !== 'failed' && sub !== 'retry') {
    process.stderr.write('usage: newswatch alerts failed | newswatch alerts retry ID|--all\n');
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
        const title = job.data.payload.data.article.title ?? job.data.payload.data.article.url;
        process.stdout.write(
          `${job.id}\t${when}\twebhook=${job.data.webhookId}\twatchlist=${job.data.watchlistId}\tattempts=${job.attemptsMade}\t${job.failedReason ?? ''}\t${title}\n`,
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
