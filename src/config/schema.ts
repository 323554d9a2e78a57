import { z } from 'zod';
import {
  BYTE_SIZE_DESCRIPTION,
  BYTE_SIZE_PATTERN,
  DURATION_PATTERN,
  isDuration,
  parseDuration,
} from './durations.js';
import type { ConfigPath } from './issues.js';
import { DIGEST_HINT, readDigest } from './digest.js';

/**
 * The config file as users write it (after `${NAME}` interpolation): the
 * source of both validation and the JSON Schema that `newswatch schema`
 * prints. Every object is strict so a typo'd key is an error, not ignored.
 * Messages never echo the value: it may be a secret.
 */

export const MIN_POLL_INTERVAL_MS = 10_000;

const DURATION_HINT = 'must be a duration like 30s, 5m, 1.5h or 1d';
const durationRe = new RegExp(DURATION_PATTERN);

function duration(description: string) {
  return z
    .string({ error: DURATION_HINT })
    .regex(durationRe, DURATION_HINT)
    .refine((s) => !isDuration(s) || parseDuration(s) > 0, 'must be longer than 0s')
    .describe(description);
}

function pollInterval(description: string) {
  const hint = 'must be auto or a duration like 30s, 5m or 1h';
  return z
    .string({ error: hint })
    .regex(new RegExp(`^\\s*auto\\s*$|${DURATION_PATTERN}`), hint)
    .refine((s) => !isDuration(s) || parseDuration(s) >= MIN_POLL_INTERVAL_MS, 'must be at least 10s')
    .describe(description);
}

const byteSize = z
  .union([
    z.number().int('must be a whole number of bytes').positive('must be more than 0 bytes'),
    z.string().regex(new RegExp(BYTE_SIZE_PATTERN), 'must be a size like 5MB, 512KiB or a number of bytes'),
  ], { error: 'must be a size like 5MB, 512KiB or a number of bytes' })
  .describe(BYTE_SIZE_DESCRIPTION);

export function isHttpUrl(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const { protocol, hostname } = new URL(s);
  return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
}

/** Where a webhook target is: http(s) for the web formats, smtp(s) for email (checked per format in checks.ts). */
export function isTargetUrl(s: string): boolean {
  if (isHttpUrl(s)) return true;
  if (!URL.canParse(s)) return false;
  const { protocol, hostname } = new URL(s);
  return (protocol === 'smtp:' || protocol === 'smtps:') && hostname !== '';
}

export const WEBHOOK_FORMATS = ['standard', 'slack', 'discord', 'teams', 'telegram', 'ntfy', 'email'] as const;

const httpUrl = (description: string) =>
  z.string({ error: 'must be an http:// or https:// URL' })
    .refine(isHttpUrl, 'must be an http:// or https:// URL')
    .describe(description);

const ID_HINT = 'must be letters, digits, ".", "_" or "-", starting with a letter or digit';
const id = (description: string) =>
  z.string({ error: ID_HINT }).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, ID_HINT).describe(description);

const text = (description: string) =>
  z.string().refine((s) => s.trim() !== '', 'must not be empty').describe(description);

const phrases = (description: string) =>
  z.array(text('a phrase')).default([]).describe(description);

/** Standard Webhooks: whsec_ then the base64 of 24 to 64 random bytes. */
export function isStandardWebhookSecret(s: string): boolean {
  const m = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(s);
  if (!m?.[1] || m[1].length % 4 !== 0) return false;
  const bytes = Buffer.from(m[1], 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

const defaults = z
  .strictObject({
    interval: pollInterval('How often a feed is polled: auto (follow the feed\'s own pace) or a duration of 10s or more.').default('auto'),
    minInterval: duration('With auto: the shortest polling period.').default('1m'),
    maxInterval: duration('With auto: the longest polling period, also the cap of failure backoff.').default('6h'),
    backfill: duration('On a feed\'s first poll, items older than this are marked seen, not alerted.').default('24h'),
  })
  .prefault({})
  .describe('Polling defaults for every feed.');

export const fetchOptions = z
  .strictObject({
    timeout: duration('Timeout of one feed or page request.').default('15s'),
    maxBytes: byteSize.default('5MB'),
    allowPrivateNetworks: z
      .boolean({ error: 'must be true or false' })
      .default(false)
      .describe('true only to poll hosts on loopback or private ranges.'),
  })
  .prefault({})
  .describe('How feeds and pages are fetched.');

const feed = z.strictObject({
  url: httpUrl('The RSS or Atom feed URL.'),
  name: text('A display name.').optional(),
  type: z
    .enum(['feed', 'sitemap', 'page'], { error: 'must be feed, sitemap or page' })
    .optional()
    .describe('What the URL is: a feed, a sitemap (news, plain, index) or a listing page; default: detected from the answer.'),
  links: z
    .string({ error: 'must be a CSS selector' })
    .trim()
    .min(1, { error: 'must be a CSS selector' })
    .optional()
    .describe('A listing page: CSS selector matching the <a> elements of its stories, where the automatic guess is wrong.'),
  interval: pollInterval('Overrides defaults.interval for this feed.').optional(),
  watchlists: z
    .array(z.string({ error: 'must be a watchlist id' }))
    .optional()
    .describe('Watchlist ids this feed is matched against; default: every watchlist.'),
});

/** `when`: which mentions alert (issue 13). The keys a single entity may override. */
const mentionRuleKeys = {
  prominence: z.enum(['any', 'lead', 'title'], { error: 'must be any, lead or title' }).optional()
    .describe('any (default); lead: in the title or the first three paragraphs; title: in the title.'),
  minMentions: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').optional()
    .describe('Mentions of the person in the article, at least (default 1).'),
  context: z.array(text('a word or phrase'), { error: 'must be a list of words or phrases' }).min(1, 'must name at least one word or phrase').optional()
    .describe('At least one of these words or phrases in the article (matched like names).'),
  near: z.union([
    z.literal('sentence'),
    z.number().int('must be a whole number of words').min(1, 'must be at least 1 word'),
  ], { error: 'must be sentence or a number of words' }).optional()
    .describe('A context word in the same sentence as the name, or within this many words; absent: anywhere.'),
};

const entityWhen = z.strictObject(mentionRuleKeys)
  .describe('Overrides the watchlist\'s when for this person: each key given replaces the watchlist\'s.');

const LANGUAGE_HINT = 'must be an ISO 639-1 code like en or ar';
const watchlistWhen = z.strictObject({
  ...mentionRuleKeys,
  together: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').optional()
    .describe('At least this many of the watchlist\'s people in the article.'),
  languages: z.array(z.string({ error: LANGUAGE_HINT }).regex(/^[A-Za-z]{2}$/, LANGUAGE_HINT), { error: 'must be a list of ISO 639-1 codes' })
    .min(1, 'must name at least one language').optional()
    .describe('ISO 639-1 codes; the page\'s declared language, else detected (en also takes en-GB).'),
}).describe('Which mentions alert; without it every mention alerts.');

const entity = z.strictObject({
  id: id('Stable id of the person, e.g. steve-witkoff.'),
  name: text('Full name, as alerts show it.'),
  aliases: phrases('Other full names of the same person.'),
  shortNames: phrases('Count only where a full name of the same person is also in the article.'),
  exclude: phrases('A match inside one of these phrases does not count (e.g. relatives).'),
  role: text('Shown in alerts, e.g. U.S. special envoy to the Middle East.').optional(),
  when: entityWhen.optional(),
  wikidata: z
    .string({ error: 'must be a Wikidata item id like Q42' })
    .regex(/^Q[1-9][0-9]*$/, 'must be a Wikidata item id like Q42')
    .describe('Wikidata item id of the person (Q…), sent in each alert match so receivers can link the person.')
    .optional(),
});

const watchlist = z.strictObject({
  id: id('Watchlist id, referenced by feeds[].watchlists.'),
  entities: z.array(entity).describe('The people to watch for.'),
  notify: z.array(z.string({ error: 'must be a webhook id' })).default([]).describe('Webhook ids that receive alerts.'),
  when: watchlistWhen.optional(),
});

const retry = z
  .strictObject({
    attempts: z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100')
      .default(20).describe('Total delivery attempts, the first included.'),
    initialDelay: duration('Delay before the first retry; doubles each time, with jitter.').default('10s'),
    maxDelay: duration('Cap of a single retry delay.').default('2h'),
  })
  .prefault({})
  .describe('Retries with exponential backoff and jitter (defaults span about a day).');

const webhook = z.strictObject({
  id: id('Webhook id, referenced by watchlists[].notify.'),
  url: z.string({ error: 'must be an http://, https://, smtp:// or smtps:// URL' })
    .refine(isTargetUrl, 'must be an http://, https://, smtp:// or smtps:// URL')
    .describe('Where alerts go; usually ${ENV_VAR}. http(s) for the web formats; smtp:// or smtps://user:password@host:port for email; https://api.telegram.org/bot<token> for telegram.'),
  secret: z
    .string({ error: 'must be whsec_<base64>' })
    .refine(isStandardWebhookSecret, 'must be whsec_<base64> of 24 to 64 bytes')
    .optional()
    .describe('Standard Webhooks signing secret, whsec_<base64>; required with format standard. Use ${ENV_VAR}.'),
  format: z.enum(WEBHOOK_FORMATS, { error: `must be one of ${WEBHOOK_FORMATS.join(', ')}` }).default('standard')
    .describe('standard: signed JSON per Standard Webhooks; slack, discord, teams (Workflows), telegram (Bot API), ntfy: a chat or push message; email: an SMTP message.'),
  timeout: duration('Timeout of one delivery attempt.').default('15s'),
  retry,
  chatId: z.union([z.string().refine((s) => s.trim() !== '', 'must not be empty'), z.number().int('must be a whole number')], { error: 'must be a chat id (a number) or @channelname' })
    .optional()
    .describe('telegram: the chat the bot posts to (a numeric id or @channelname).'),
  token: z.string({ error: 'must be a string' }).refine((s) => s.trim() !== '', 'must not be empty').optional()
    .describe('ntfy: an access token, sent as Authorization: Bearer. Use ${ENV_VAR}.'),
  from: z.string({ error: 'must be an email address' }).refine(isEmailAddress, 'must be an email address, e.g. newswatch@example.com or "News <news@example.com>"').optional()
    .describe('email: the sender address.'),
  to: z.array(z.string({ error: 'must be an email address' }).refine(isEmailAddress, 'must be an email address'), { error: 'must be a list of email addresses' })
    .min(1, 'must name at least one recipient').optional()
    .describe('email: the recipients.'),
  digest: z.string({ error: DIGEST_HINT }).superRefine((s, ctx) => {
    const r = readDigest(s);
    if ('error' in r) ctx.addIssue({ code: 'custom', message: r.error });
  }).optional()
    .describe('Gather this target\'s alerts into one message per window: a duration of 10s or more (UTC clock windows: 1h = each full hour), or "daily HH:MM Area/City".'),
  allowPrivateNetwork: z.boolean({ error: 'must be true or false' }).default(false)
    .describe('true lets this target (an SMTP relay, an ntfy server on the LAN) be on a private or loopback address; feeds stay refused.'),
});

const history = z
  .strictObject({
    maxAge: duration('Alerts and article text older than this are dropped.').default('7d'),
    maxBytes: byteSize.default('100MB'),
  })
  .prefault({})
  .describe('What is kept of recent articles and alerts (newswatch matches, replay, /matches), bounded by age and bytes.');
/** "a@b.c" or "Name <a@b.c>": enough to catch a typo; the SMTP server has the last word. */
export function isEmailAddress(s: string): boolean {
  const m = /^\s*(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(s);
  const addr = m?.[1] ?? m?.[2];
  return addr !== undefined && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(addr);
}

const list = <T extends z.ZodType>(item: T, description: string) =>
  z.array(item, { error: 'must be a list (write [] for none)' }).describe(description);

export const configSchema = z
  .strictObject({
    defaults,
    fetch: fetchOptions,
    feeds: list(feed, 'RSS/Atom feeds to poll.'),
    watchlists: list(watchlist, 'Named lists of people to watch for.'),
    webhooks: list(webhook, 'Where alerts are delivered.'),
    history,
  })
  .describe('newswatch configuration. Values written ${NAME} are read from the environment.');

export type RawConfig = z.output<typeof configSchema>;

/** The keys an object at `path` may have (for "did you mean" hints). */
export function knownKeysAt(path: ConfigPath): string[] {
  let node: unknown = configSchema;
  for (const seg of path) {
    node = unwrap(node);
    const def = defOf(node);
    if (def?.type === 'object' && typeof seg === 'string') node = (def.shape as Record<string, unknown>)[seg];
    else if (def?.type === 'array' && typeof seg === 'number') node = def.element;
    else return [];
  }
  const def = defOf(unwrap(node));
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

type AnyDef = { type: string; innerType?: unknown; in?: unknown; shape?: unknown; element?: unknown };

function defOf(schema: unknown): AnyDef | undefined {
  return (schema as { _zod?: { def?: AnyDef } } | undefined)?._zod?.def;
}

function unwrap(schema: unknown): unknown {
  let s = schema;
  for (let def = defOf(s); def && ['default', 'prefault', 'optional', 'nullable', 'pipe'].includes(def.type); def = defOf(s)) {
    s = def.type === 'pipe' ? def.in : def.innerType;
  }
  return s;
}
