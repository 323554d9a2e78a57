import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { deliverMessage } from '../../src/alert/deliver.js';
import { sampleTestPayload } from '../../src/alert/sample.js';
import type { DeliveryOutcome } from '../../src/alert/types.js';
import { loadConfigFile } from '../../src/config/index.js';
import { closeHttpAgents } from '../../src/http/client.js';

/**
 * `newswatch alerts test TARGET_ID [--config FILE]`: sends the test alert (the
 * seed story, typed `alert.test`, labelled "test" in the chat formats) to one
 * target, now, from the CLI: no worker, no Redis, no queue. A digest target
 * gets it at once too: the point is to see the channel work. Exit 0 when the
 * target took it, 1 when not (with the reason, which never quotes the URL).
 */
export async function runAlertsTest(
  args: string[],
  opts: { configPath: string; send?: typeof deliverMessage },
): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { config: { type: 'string' } } });
  const targetId = positionals[0];
  if (!targetId || positionals.length > 1) {
    process.stderr.write('usage: newswatch alerts test TARGET_ID [--config FILE]\n');
    return 2;
  }
  const config = await loadConfigFile(values.config ?? opts.configPath);
  const webhook = config.webhooks.find((w) => w.id === targetId);
  if (!webhook) {
    const known = config.webhooks.map((w) => w.id).join(', ') || '(none)';
    process.stderr.write(`newswatch alerts test: no webhook with id "${targetId}" (the config has: ${known})\n`);
    return 1;
  }
  const id = `test_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  let outcome: DeliveryOutcome;
  try {
    outcome = await (opts.send ?? deliverMessage)(webhook, { kind: 'alert', id, payload: sampleTestPayload(new Date()) }, {
      allowPrivateNetworks: config.fetch.allowPrivateNetworks,
    });
  } finally {
    await closeHttpAgents();
  }
  if (outcome.kind === 'delivered') {
    process.stdout.write(`sent a test alert to ${webhook.id} (${webhook.format}): accepted with ${outcome.status}, id ${id}\n`);
    return 0;
  }
  const hint = outcome.kind === 'retry' ? ' (the worker would retry this)' : '';
  process.stderr.write(`test alert to ${webhook.id} (${webhook.format}) failed: ${outcome.reason}${hint}\n`);
  return 1;
}
