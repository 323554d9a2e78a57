import type { IncomingHttpHeaders } from 'node:http';
import { Parser } from 'htmlparser2';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { startTestServer, type TestServer } from './http.js';

/**
 * Loopback stand-ins for the chat and push services, each checking a request
 * the way the service documents it and answering the way the service does
 * (status, body, rate-limit hint). Every check that fails is recorded in
 * `problems` and answered 400, as the service would refuse it; tests assert
 * `problems` is empty. `script(attempt)` overrides the answer per attempt (for
 * 429s, outages, refusals).
 */

export type ServiceKind = 'discord' | 'teams' | 'telegram' | 'ntfy';

export interface ServiceRequest {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  /** JSON bodies parsed; ntfy's plain text as is. */
  body: any;
  at: number;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: unknown } | 'accept';

export interface ServiceReceiver extends TestServer {
  /** The URL a target is configured with. */
  targetUrl: string;
  requests: ServiceRequest[];
  /** Requests that were accepted (2xx). */
  delivered: ServiceRequest[];
  problems: string[];
}

const BOT_TOKEN = '123456:TEST-bot-token-secret';
export const NTFY_TOKEN = 'tk_ntfytestsecrettoken';

// Telegram's HTML parse mode: these tags only (https://core.telegram.org/bots/api#html-style).
const TELEGRAM_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre', 'blockquote']);

function checkTelegramHtml(text: string, problems: string[]): void {
  const open: string[] = [];
  // Telegram accepts only &lt; &gt; &amp; &quot; and numeric entities.
  for (const m of text.matchAll(/&([a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);/g)) {
    if (/^[a-zA-Z]/.test(m[1]!) && !['lt', 'gt', 'amp', 'quot'].includes(m[1]!)) problems.push(`telegram: unsupported entity &${m[1]};`);
  }
  if (/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/.test(text)) problems.push('telegram: bare & in HTML text');
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (!TELEGRAM_TAGS.has(name)) problems.push(`telegram: unsupported tag <${name}>`);
        if (name === 'a' && !/^(https?|tg):\/\//.test(attrs.href ?? '')) problems.push('telegram: <a> without an http(s) href');
        open.push(name);
      },
      onclosetag(name, implied) {
        if (implied) problems.push(`telegram: <${name}> not closed`);
        if (open.pop() !== name) problems.push(`telegram: </${name}> does not close the open tag`);
      },
    },
    { decodeEntities: true, lowerCaseTags: false, recognizeSelfClosing: false },
  );
  parser.write(text);
  parser.end();
}

function jsonBody(raw: string, problems: string[], service: string): any {
  try {
    return JSON.parse(raw);
  } catch {
    problems.push(`${service}: body is not JSON`);
    return undefined;
  }
}

/** What each service checks, returning its success answer. */
const validators: Record<ServiceKind, (req: ServiceRequest, problems: string[]) => { status: number; body?: unknown }> = {
  discord(req, problems) {
    if (!String(req.headers['content-type']).startsWith('application/json')) problems.push('discord: content-type is not application/json');
    const b = jsonBody(req.raw, problems, 'discord');
    if (!b) return { status: 400 };
    if (!b.content && !(Array.isArray(b.embeds) && b.embeds.length > 0)) problems.push('discord: neither content nor embeds');
    if (typeof b.content === 'string' && b.content.length > 2000) problems.push('discord: content over 2000 characters');
    const embeds: any[] = b.embeds ?? [];
    if (embeds.length > 10) problems.push('discord: more than 10 embeds');
    let total = 0;
    for (const e of embeds) {
      if ((e.title ?? '').length > 256) problems.push('discord: embed title over 256');
      if ((e.description ?? '').length > 4096) problems.push('discord: embed description over 4096');
      if ((e.footer?.text ?? '').length > 2048) problems.push('discord: footer over 2048');
      if (e.url !== undefined && !URL.canParse(e.url)) problems.push('discord: embed url is not a URL');
      total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
    }
    if (total > 6000) problems.push('discord: embeds over 6000 characters in all');
    if (!Array.isArray(b.allowed_mentions?.parse)) problems.push('discord: allowed_mentions.parse missing');
    if (!/^\/api\/webhooks\/\d+\/[\w-]+$/.test(req.path)) problems.push('discord: not a webhook path');
    return { status: 204 };
  },
  teams(req, problems) {
    if (Buffer.byteLength(req.raw) > 28 * 1024) problems.push('teams: message over 28 KB');
    const b = jsonBody(req.raw, problems, 'teams');
    if (!b) return { status: 400 };
    if (b.type !== 'message') problems.push('teams: type is not "message"');
    const att = b.attachments?.[0];
    if (att?.contentType !== 'application/vnd.microsoft.card.adaptive') problems.push('teams: first attachment is not an Adaptive Card');
    const card = att?.content;
    if (card?.type !== 'AdaptiveCard' || typeof card?.version !== 'string' || !Array.isArray(card?.body)) problems.push('teams: not an AdaptiveCard with version and body');
    for (const el of card?.body ?? []) {
      if (!['TextBlock', 'RichTextBlock', 'FactSet', 'ColumnSet', 'Container'].includes(el.type)) problems.push(`teams: unknown element ${el.type}`);
      for (const run of el.inlines ?? []) if (run.type !== 'TextRun' || typeof run.text !== 'string') problems.push('teams: RichTextBlock inline is not a TextRun');
    }
    return { status: 202 };
  },
  telegram(req, problems) {
    if (req.path !== `/bot${BOT_TOKEN}/sendMessage`) {
      return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    }
    const b = jsonBody(req.raw, problems, 'telegram');
    if (!b) return { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request' } };
    if (!(typeof b.chat_id === 'number' || (typeof b.chat_id === 'string' && b.chat_id.startsWith('@')))) problems.push('telegram: chat_id is not a number or @channel');
    if (b.parse_mode !== 'HTML') problems.push('telegram: parse_mode is not HTML');
    if (typeof b.text !== 'string' || b.text.length === 0 || b.text.length > 4096) problems.push('telegram: text empty or over 4096');
    else checkTelegramHtml(b.text, problems);
    return problems.length ? { status: 400, body: { ok: false, error_code: 400, description: "Bad Request: can't parse entities" } } : { status: 200, body: { ok: true, result: { message_id: 1 } } };
  },
  ntfy(req, problems) {
    if (req.headers.authorization !== `Bearer ${NTFY_TOKEN}`) return { status: 403, body: { code: 40301, http: 403, error: 'forbidden' } };
    if (Buffer.byteLength(req.raw) > 4096) problems.push('ntfy: body over 4096 bytes (would become an attachment)');
    for (const h of ['title', 'click', 'tags']) {
      const v = req.headers[h];
      if (v !== undefined && !/^[\x20-\x7e]*$/.test(String(v))) problems.push(`ntfy: header ${h} is not ASCII`);
    }
    if (req.headers.click !== undefined && !URL.canParse(String(req.headers.click))) problems.push('ntfy: Click is not a URL');
    if (!req.headers.title) problems.push('ntfy: no Title');
    return { status: 200, body: { id: 'abc', time: Math.floor(Date.now() / 1000), event: 'message', topic: req.path.slice(1), message: req.raw } };
  },
};

/** The service's own rate-limit answer, with its documented retry hint. */
export function rateLimited(kind: ServiceKind, seconds: number): Exclude<Answer, 'accept'> {
  switch (kind) {
    case 'discord':
      // Discord's 429: the JSON body's retry_after (seconds, a float) is the hint.
      return { status: 429, body: { message: 'You are being rate limited.', retry_after: seconds, global: false } };
    case 'telegram':
      return { status: 429, body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } } };
    case 'teams':
      return { status: 429, headers: { 'retry-after': String(Math.ceil(seconds)) } };
    case 'ntfy':
      return { status: 429, headers: { 'retry-after': String(Math.ceil(seconds)) }, body: { code: 42901, http: 429, error: 'limit reached: too many requests' } };
  }
}

export async function startServiceReceiver(kind: ServiceKind, script: (attempt: number) => Answer = () => 'accept'): Promise<ServiceReceiver> {
  const requests: ServiceRequest[] = [];
  const delivered: ServiceRequest[] = [];
  const problems: string[] = [];
  const server = await startTestServer((req, res, raw) => {
    const text = raw.toString('utf8');
    const request: ServiceRequest = { path: req.url ?? '', headers: req.headers, raw: text, body: undefined, at: Date.now() };
    request.body = kind === 'ntfy' ? text : (() => { try { return JSON.parse(text); } catch { return undefined; } })();
    if (req.method !== 'POST') problems.push(`${kind}: method ${req.method}`);
    const attempt = requests.length;
    requests.push(request);
    const answer = script(attempt);
    const found: string[] = [];
    const ok = validators[kind](request, found);
    problems.push(...found);
    const reply = answer === 'accept' ? (found.length ? { status: 400, body: { error: found.join('; ') } } : ok) : answer;
    if (reply.status >= 200 && reply.status < 300) delivered.push(request);
    const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
    const extra = 'headers' in reply && reply.headers ? reply.headers : {};
    res.writeHead(reply.status, { ...(body ? { 'content-type': 'application/json' } : {}), ...extra }).end(body);
  });
  const targetUrl = {
    discord: `${server.url}/api/webhooks/1234567890/discord-webhook-token-secret`,
    teams: `${server.url}/workflows/abc/triggers/manual/paths/invoke?sig=teams-sig-secret`,
    telegram: `${server.url}/bot${BOT_TOKEN}`,
    ntfy: `${server.url}/newswatch-alerts`,
  }[kind];
  return Object.assign(server, { targetUrl, requests, delivered, problems });
}

/** The secrets a test can look for in logs, errors and listings. */
export const SERVICE_SECRETS = ['discord-webhook-token-secret', 'teams-sig-secret', 'TEST-bot-token-secret', NTFY_TOKEN, 'smtp-pass-secret'];

export interface SmtpReceiver {
  url: string;
  port: number;
  mails: Array<{ from: string; to: string[]; parsed: ParsedMail; raw: string }>;
  attempts: number;
  close(): Promise<void>;
}

export const SMTP_USER = 'alerts';
export const SMTP_PASS = 'smtp-pass-secret';

/**
 * A real SMTP server (smtp-server, from the nodemailer project) on 127.0.0.1,
 * with AUTH; `reject(attempt)` may answer the DATA with an SMTP error code.
 */
export async function startSmtpReceiver(reject: (attempt: number) => number | undefined = () => undefined): Promise<SmtpReceiver> {
  const mails: SmtpReceiver['mails'] = [];
  const state = { attempts: 0 };
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const attempt = state.attempts++;
        const code = reject(attempt);
        if (code) return cb(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then((parsed) => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            parsed,
            raw,
          });
          cb();
        }, cb);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASS}@127.0.0.1:${port}`,
    port,
    mails,
    get attempts() {
      return state.attempts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
