import { Command } from 'commander';
import { cliEnv, configOption, configPathFrom, examples } from './common.js';

/** `newswatch run`: the worker, until SIGTERM/SIGINT. */
export function runCommand(): Command {
  return new Command('run')
    .description('run the worker: every queue, the feed schedulers, the health/metrics server')
    .addOption(configOption())
    .addHelpText(
      'after',
      `
Without REDIS_URL it starts an embedded redis-server with its data in ./data/redis,
which one worker at a time may use (a second one exits, naming the first one's pid).
Environment: CONFIG_PATH, REDIS_URL, PORT (8080), HOST (0.0.0.0), LOG_LEVEL (info),
ADMIN_PASSWORD, NEWSWATCH_STALLED_CHECK_MS (30000). Logs are JSON, or readable lines on a terminal.
SIGHUP or saving the config file reloads it.
` + examples('newswatch run --config config/newswatch.yaml', 'REDIS_URL=redis://localhost:6379 PORT=9090 newswatch run'),
    )
    .action(async (opts: { config?: string }) => {
      const env = await cliEnv();
      const [{ startWorker }, { createLogger }] = await Promise.all([import('../runtime/start.js'), import('../runtime/log.js')]);
      await startWorker({
        configPath: await configPathFrom(opts),
        redisUrl: env.REDIS_URL,
        port: env.PORT,
        host: env.HOST,
        handleSignals: true,
        adminPassword: env.ADMIN_PASSWORD,
        stalledCheckMs: env.NEWSWATCH_STALLED_CHECK_MS,
        log: createLogger(env.LOG_LEVEL),
      });
      // Keeps running: the signal handlers end the process.
    });
}
