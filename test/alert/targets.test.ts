import { afterAll, describe, expect, it } from 'vitest';
import { deliverMessage } from '../../src/alert/deliver.js';
import { sampleTestPayload } from '../../src/alert/sample.js';
import type { DeliveryOutcome, OutgoingMessage } from '../../src/alert/types.js';
import type { WebhookConfig, WebhookFormat } from '../../src/config/types.js';
import { closeHttpAgents } from '../../src/http/client.js';
import { digestMessage, manyAlerts, witkoff } from './formats/helpers.js';
import { NTFY_TOKEN, rateLimited, SERVICE_SECRETS, SMTP_PASS, startServiceReceiver, startSmtpReceiver, type ServiceKind } from '../helpers/services.js';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers) await c();
  await closeHttpAgents();
});

function target(format: WebhookFormat, url: string, extra: Partial<WebhookConfig> = {}): WebhookConfig {
  return {
    id: `t-${format}`,
    url,
    format,
    timeoutMs: 3_000,
    retry: { attempts: 3, initialDelayMs: 1_000, maxDelayMs: 2_000 },
    allowPrivateNetwork: true,
    ...(format === 'telegram' && { chatId: '-1001234567890' }),
    ...(format === 'ntfy' && { token: NTFY_TOKEN }),
    ...extra,
  };
}

const alert: OutgoingMessage = { kind: 'alert', id: 'msg_abc', payload: witkoff };

function expectNoSecret(outcome: DeliveryOutcome): void {
  if (outcome.kind === 'delivered') return;
  for (const s of SERVICE_SECRETS) expect(outcome.reason).not.toContain(s);
  expect(outcome.reason).not.toContain('127.0.0.1');
}

async function receiver(kind: ServiceKind, script?: Parameters<typeof startServiceReceiver>[1]) {
  const r = await startServiceReceiver(kind, script);
  closers.push(r.close);
  return r;
}

describe.each(['discord', 'teams', 'telegram', 'ntfy'] as const)('%s target against a receiver that checks requests as the service does', (kind) => {
  it('delivers an alert, a test alert and a large digest, each accepted as valid', async () => {
    const r = await receiver(kind);
    const hook = target(kind, r.targetUrl);
    // fetch.allowPrivateNetworks stays false: the target's own allowPrivateNetwork lets it reach loopback.
    const opts = { allowPrivateNetworks: false };
    expect((await deliverMessage(hook, alert, opts)).kind).toBe('delivered');
    expect((await deliverMessage(hook, { kind: 'alert', id: 'test_1', payload: sampleTestPayload(new Date()) }, opts)).kind).toBe('delivered');
    const big = manyAlerts(300, 190);
    big.forEach((a, i) => a.matches.forEach((m) => ((m.entityId = `${m.entityId}-${i % 30}`), (m.name = `${m.name} ${i % 30}`))));
    expect((await deliverMessage(hook, digestMessage(big), opts)).kind).toBe('delivered');
    expect(r.problems).toEqual([]);
    expect(r.delivered).toHaveLength(3);
    const shown = r.delivered.map((d) => d.raw).join('\n');
    expect(shown).toContain('Steve Witkoff');
    expect(shown).toMatch(/test/i);
  });

  it("retries a 429 with the service's own retry hint, and a 5xx; dead-letters a refusal without quoting secrets", async () => {
    const answers = [rateLimited(kind, 1.5), { status: 503 }, { status: 400, body: { error: 'bad' } }];
    const r = await receiver(kind, (n) => answers[n] ?? 'accept');
    const hook = target(kind, r.targetUrl);
    const limited = await deliverMessage(hook, alert, { allowPrivateNetworks: false });
    expect(limited).toMatchObject({ kind: 'retry', status: 429, retryAfterMs: kind === 'discord' || kind === 'telegram' ? 1_500 : 2_000 });
    const down = await deliverMessage(hook, alert, { allowPrivateNetworks: false });
    expect(down).toMatchObject({ kind: 'retry', status: 503 });
    const refused = await deliverMessage(hook, alert, { allowPrivateNetworks: false });
    expect(refused).toMatchObject({ kind: 'dead', status: 400 });
    for (const o of [limited, down, refused]) expectNoSecret(o);
  });

  it('refuses a loopback target without allowPrivateNetwork', async () => {
    const r = await receiver(kind);
    const outcome = await deliverMessage(target(kind, r.targetUrl, { allowPrivateNetwork: false }), alert, { allowPrivateNetworks: false });
    expect(outcome.kind).toBe('dead');
    expect(r.requests).toHaveLength(0);
    expectNoSecret(outcome);
  });
});

describe('telegram and ntfy specifics', () => {
  it('telegram posts to <bot url>/sendMessage with the chat id; a wrong token dead-letters', async () => {
    const r = await receiver('telegram');
    await deliverMessage(target('telegram', r.targetUrl), alert, { allowPrivateNetworks: false });
    expect(r.delivered[0]!.path).toMatch(/^\/bot\d+:[\w-]+\/sendMessage$/);
    expect(r.delivered[0]!.body.chat_id).toBe(-1001234567890);
    const wrong = await deliverMessage(target('telegram', r.targetUrl.replace('TEST', 'WRONG')), alert, { allowPrivateNetworks: false });
    expect(wrong).toMatchObject({ kind: 'dead', status: 404 });
  });

  it('ntfy sends the token as a bearer and the title RFC 2047-encoded when not ASCII', async () => {
    const r = await receiver('ntfy');
    const payload = structuredClone(witkoff);
    payload.data.article.title = 'Witkoff’s talks — “progress”';
    await deliverMessage(target('ntfy', r.targetUrl), { kind: 'alert', id: 'msg_n', payload }, { allowPrivateNetworks: false });
    const [got] = r.delivered;
    expect(got!.headers.authorization).toBe(`Bearer ${NTFY_TOKEN}`);
    const title = String(got!.headers.title);
    expect(Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(title)![1]!, 'base64').toString('utf8')).toBe('Witkoff’s talks — “progress”');
    expect(got!.headers.click).toBe(witkoff.data.article.url);
    const noToken = await deliverMessage(target('ntfy', r.targetUrl, { token: undefined }), alert, { allowPrivateNetworks: false });
    expect(noToken).toMatchObject({ kind: 'dead', status: 403 });
  });
});

describe('email target against a real SMTP server (smtp-server)', () => {
  it('sends text and HTML parts to every recipient, with the alert id as Message-ID', async () => {
    const smtp = await startSmtpReceiver();
    closers.push(smtp.close);
    const hook = target('email', smtp.url, { from: 'newswatch <alerts@example.com>', to: ['a@example.com', 'b@example.org'] });
    const outcome = await deliverMessage(hook, alert, { allowPrivateNetworks: false });
    expect(outcome).toEqual({ kind: 'delivered', status: 250 });
    const [mail] = smtp.mails;
    expect(mail!.from).toBe('alerts@example.com');
    expect(mail!.to).toEqual(['a@example.com', 'b@example.org']);
    expect(mail!.parsed.subject).toBe('Steve Witkoff, Khalil al-Hayya: Witkoff to meet Hamas negotiator');
    expect(mail!.parsed.messageId).toBe('<msg_abc@newswatch>');
    expect(mail!.parsed.headers.get('x-newswatch-type')).toBe('article.matched');
    expect(mail!.parsed.text).toContain('- Steve Witkoff — U.S. special envoy to the Middle East');
    expect(mail!.parsed.html).toContain('<a href="https://example.com/2026/11/witkoff-hayya">Witkoff to meet Hamas negotiator</a>');
    expect(mail!.raw).toMatch(/Content-Type: multipart\/alternative/i);

    const test = await deliverMessage(hook, { kind: 'alert', id: 'test_2', payload: sampleTestPayload(new Date()) }, { allowPrivateNetworks: false });
    expect(test.kind).toBe('delivered');
    expect(smtp.mails[1]!.parsed.subject).toMatch(/^\[newswatch test\] /);
    expect(smtp.mails[1]!.parsed.headers.get('x-newswatch-type')).toBe('alert.test');
  });

  it('retries a 4xx reply and a refused connection, dead-letters a 5xx or bad credentials, never quoting the password', async () => {
    const smtp = await startSmtpReceiver((n) => [451, 550][n]);
    closers.push(smtp.close);
    const hook = target('email', smtp.url, { from: 'alerts@example.com', to: ['a@example.com'] });
    const opts = { allowPrivateNetworks: false };
    const later = await deliverMessage(hook, alert, opts);
    expect(later).toMatchObject({ kind: 'retry', status: 451 });
    const refused = await deliverMessage(hook, alert, opts);
    expect(refused).toMatchObject({ kind: 'dead', status: 550 });
    const badAuth = await deliverMessage({ ...hook, url: smtp.url.replace(SMTP_PASS, 'wrong-pass') }, alert, opts);
    expect(badAuth).toMatchObject({ kind: 'dead', status: 535 });
    await smtp.close();
    const down = await deliverMessage(hook, alert, opts);
    expect(down.kind).toBe('retry');
    for (const o of [later, refused, badAuth, down]) expectNoSecret(o);
    const noPrivate = await deliverMessage({ ...hook, allowPrivateNetwork: false }, alert, opts);
    expect(noPrivate.kind).toBe('dead');
  });
});
