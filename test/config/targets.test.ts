import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';

const WL = `watchlists:
  - id: w
    entities: [{ id: a, name: Steve Witkoff }]
    notify: [t]
`;

function check(webhook: string, env: Record<string, string> = {}) {
  const r = parseConfigText(`feeds: []\n${WL}webhooks:\n${webhook}`, 'c.yaml', env);
  return r.ok ? { config: r.config, errors: [] as string[] } : { config: undefined, errors: r.issues.map((i) => i.message) };
}

describe('webhook targets in the config', () => {
  it('accepts each format with its own keys', () => {
    const ok = [
      `  - { id: t, url: "https://discord.com/api/webhooks/1/x", format: discord }`,
      `  - { id: t, url: "https://prod.westeurope.logic.azure.com/workflows/x", format: teams, digest: 1h }`,
      `  - { id: t, url: "https://api.telegram.org/bot123:ABC", format: telegram, chatId: -1001234567890 }`,
      `  - { id: t, url: "https://ntfy.sh/newswatch-x", format: ntfy, token: tk_abc, digest: "daily 08:00 Europe/Berlin" }`,
      `  - { id: t, url: "smtps://u:p@smtp.example.com:465", format: email, from: "newswatch <n@example.com>", to: [a@example.com], allowPrivateNetwork: true }`,
    ];
    for (const yaml of ok) expect(check(yaml).errors, yaml).toEqual([]);
    const tg = check(ok[2]!).config!.webhooks[0]!;
    expect(tg.chatId).toBe('-1001234567890');
    expect(check(ok[3]!).config!.webhooks[0]!.digest).toEqual({ kind: 'daily', hour: 8, minute: 0, zone: 'Europe/Berlin' });
    expect(check(ok[1]!).config!.webhooks[0]!.digest).toEqual({ kind: 'every', ms: 3_600_000 });
    expect(check(ok[4]!).config!.webhooks[0]!.allowPrivateNetwork).toBe(true);
    expect(check(ok[0]!).config!.webhooks[0]!.allowPrivateNetwork).toBe(false);
  });

  it.each([
    [`  - { id: t, url: "https://discord.com/api/webhooks/1/x", format: discord, secret: "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3" }`, 'only format standard signs with a secret; remove it for format discord'],
    [`  - { id: t, url: "https://api.telegram.org/bot123:ABC", format: telegram }`, 'chatId: missing required field'],
    [`  - { id: t, url: "https://api.telegram.org/bot123:ABC/sendMessage", format: telegram, chatId: 1 }`, 'format telegram needs the bot URL'],
    [`  - { id: t, url: "https://smtp.example.com", format: email, from: a@b.co, to: [c@d.co] }`, 'format email needs an smtp:// or smtps:// URL'],
    [`  - { id: t, url: "smtp://smtp.example.com", format: email, to: [c@d.co] }`, 'from: missing required field'],
    [`  - { id: t, url: "smtp://smtp.example.com", format: email, from: a@b.co, to: [] }`, 'to: must name at least one recipient'],
    [`  - { id: t, url: "smtp://smtp.example.com", format: email, from: nobody, to: [c@d.co] }`, 'from: must be an email address'],
    [`  - { id: t, url: "smtp://smtp.example.com", format: ntfy }`, 'format ntfy needs an http:// or https:// URL'],
    [`  - { id: t, url: "https://ntfy.sh/x", format: ntfy, chatId: 5 }`, 'chatId: only format telegram uses chatId'],
    [`  - { id: t, url: "https://ntfy.sh/x", format: ntfy, digest: 5s }`, 'digest: must be at least 10s'],
    [`  - { id: t, url: "https://ntfy.sh/x", format: ntfy, digest: "daily 08:00" }`, 'daily digest needs a time zone'],
    [`  - { id: t, url: "https://ntfy.sh/x", format: ntfy, digest: "daily 25:00 UTC" }`, 'between 00:00 and 23:59'],
    [`  - { id: t, url: "https://ntfy.sh/x", format: ntfy, digest: "daily 08:00 Mars/Base" }`, 'must be an IANA time zone'],
    [`  - { id: t, url: "https://ntfy.sh/x", format: pager }`, 'format: must be one of standard, slack, discord, teams, telegram, ntfy, email'],
  ])('refuses %s', (yaml, message) => {
    const { errors } = check(yaml);
    expect(errors.join('\n')).toContain(message);
  });

  it('never quotes a value from the environment (a bot token, an SMTP password)', () => {
    const { errors } = check(`  - { id: t, url: "\${BOT}", format: telegram }`, { BOT: 'https://api.telegram.org/bot999:SECRETTOKEN/sendMessage' });
    expect(errors.join('\n')).toContain('format telegram needs the bot URL');
    expect(errors.join('\n')).not.toContain('SECRETTOKEN');
  });
});

describe('validate summary of targets', () => {
  it('shows format, host and digest, never a bot token, ntfy token or SMTP password', async () => {
    const { summarizeConfig } = await import('../../src/config/index.js');
    const yaml = [
      `  - { id: t, url: "\${BOT}", format: telegram, chatId: 1, digest: "daily 08:00 Europe/Berlin" }`,
      `  - { id: n, url: "https://ntfy.example.com/topic", format: ntfy, token: "\${NTFY}", digest: 1h }`,
      `  - { id: m, url: "\${SMTP}", format: email, from: a@b.co, to: [c@d.co] }`,
    ].join('\n');
    const r = parseConfigText(`feeds: []\n${WL}webhooks:\n${yaml}\n`, 'c.yaml', {
      BOT: 'https://api.telegram.org/bot999:BOTSECRET',
      NTFY: 'tk_NTFYSECRET',
      SMTP: 'smtps://user:SMTPSECRET@smtp.example.com:465',
    });
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
    const summary = summarizeConfig(r.config);
    expect(summary).toContain('t: telegram');
    expect(summary).toContain('digest daily 08:00 Europe/Berlin');
    expect(summary).toContain('n: ntfy → ntfy.example.com');
    expect(summary).toContain('digest every 1h');
    for (const s of ['BOTSECRET', 'NTFYSECRET', 'SMTPSECRET']) expect(summary).not.toContain(s);
  });
});
