import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliArgs, ROOT } from '../helpers/cli.js';
import { startReceiver, TEST_SECRET } from '../helpers/receiver.js';
import { SERVICE_SECRETS, startServiceReceiver, startSmtpReceiver } from '../helpers/services.js';

/** `newswatch ARGS` as a child process, without blocking this process's receivers. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs(args), { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('newswatch alerts test TARGET_ID', () => {
  let standard: Awaited<ReturnType<typeof startReceiver>>;
  let telegram: Awaited<ReturnType<typeof startServiceReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let configPath: string;

  beforeAll(async () => {
    standard = await startReceiver();
    telegram = await startServiceReceiver('telegram', (n) => (n === 0 ? 'accept' : { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } }));
    smtp = await startSmtpReceiver();
    const dir = await mkdtemp(join(tmpdir(), 'newswatch-alerts-test-'));
    configPath = join(dir, 'newswatch.yaml');
    await writeFile(
      configPath,
      `feeds: []
watchlists:
  - id: w
    entities: [{ id: a, name: Steve Witkoff }]
    notify: [ops, tg, mail]
webhooks:
  - id: ops
    url: ${standard.url}/hook
    secret: ${TEST_SECRET}
    allowPrivateNetwork: true
  - id: tg
    url: \${BOT_URL}
    format: telegram
    chatId: "-100123"
    allowPrivateNetwork: true
    digest: daily 08:00 Europe/Berlin
  - id: mail
    url: \${SMTP_URL}
    format: email
    from: newswatch@example.com
    to: [desk@example.com]
    allowPrivateNetwork: true
`,
    );
  });
  afterAll(async () => {
    await standard?.close();
    await telegram?.close();
    await smtp?.close();
  });

  const env = () => ({ BOT_URL: telegram.targetUrl, SMTP_URL: smtp.url });

  it('sends a signed alert.test to a standard target', async () => {
    const r = await cli(['alerts', 'test', 'ops', '--config', configPath], env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sent a test alert to ops \(standard\): accepted with 204, id test_[0-9a-f]{24}\n$/);
    expect(standard.stats.badSignatures).toBe(0);
    const [got] = standard.alerts;
    expect(got!.body.type).toBe('alert.test');
    expect(got!.body.data.article.title).toBe('Witkoff set to meet Hamas negotiator Khalil al-Hayya');
    expect(got!.id).toMatch(/^test_/);
  });

  it('sends a labelled test to a telegram digest target at once; a refusal exits 1 without the token', async () => {
    const ok = await cli(['alerts', 'test', 'tg', '--config', configPath], env());
    expect(ok.code).toBe(0);
    expect(telegram.delivered).toHaveLength(1);
    expect(telegram.problems).toEqual([]);
    expect(telegram.delivered[0]!.body.text).toMatch(/^🧪 <b>Test alert from newswatch<\/b>/);
    const refused = await cli(['alerts', 'test', 'tg', '--config', configPath], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('test alert to tg (telegram) failed: webhook: receiver answered 401\n');
    for (const s of SERVICE_SECRETS) expect(refused.stdout + refused.stderr).not.toContain(s);
  });

  it('sends a test email', async () => {
    const r = await cli(['alerts', 'test', 'mail', '--config', configPath], env());
    expect(r.code).toBe(0);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.parsed.subject).toBe('[newswatch test] Steve Witkoff, Khalil al-Hayya: Witkoff set to meet Hamas negotiator Khalil al-Hayya');
  });

  it('names the known targets when the id is wrong, and needs an id', async () => {
    const wrong = await cli(['alerts', 'test', 'nope', '--config', configPath], env());
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('newswatch alerts test: no webhook with id "nope" (the config has: ops, tg, mail)\n');
    const none = await cli(['alerts', 'test', '--config', configPath], env());
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: newswatch alerts test TARGET_ID [--config FILE]');
  });
});
