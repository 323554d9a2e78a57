import { parseByteSize, parseDuration } from './durations.js';
import { feedIdFromUrl } from './feed-id.js';
import { parseDigest } from './digest.js';
import { fetchOptions, type RawConfig } from './schema.js';
import type { FetchConfig, MentionRule, NewswatchConfig, PollInterval } from './types.js';

/** Turns the validated file into what the rest of newswatch sees: units parsed, defaults filled in. */
export function resolveConfig(raw: RawConfig): NewswatchConfig {
  const allWatchlists = raw.watchlists.map((w) => w.id);
  return {
    defaults: {
      interval: pollInterval(raw.defaults.interval),
      minIntervalMs: parseDuration(raw.defaults.minInterval),
      maxIntervalMs: parseDuration(raw.defaults.maxInterval),
      backfillMs: parseDuration(raw.defaults.backfill),
    },
    fetch: resolveFetch(raw.fetch),
    feeds: raw.feeds.map((f) => {
      const url = f.url.trim();
      return {
        id: feedIdFromUrl(url),
        url,
        ...(f.name !== undefined && { name: f.name.trim() }),
        ...(f.type !== undefined && { type: f.type }),
        ...(f.links !== undefined && { links: f.links }),
        interval: f.interval !== undefined ? pollInterval(f.interval) : pollInterval(raw.defaults.interval),
        watchlists: f.watchlists ?? [...allWatchlists],
      };
    }),
    watchlists: raw.watchlists.map((w) => ({
      id: w.id,
      entities: w.entities.map((e) => ({
        id: e.id,
        name: e.name.trim(),
        aliases: e.aliases.map((s) => s.trim()),
        shortNames: e.shortNames.map((s) => s.trim()),
        exclude: e.exclude.map((s) => s.trim()),
        ...(e.role !== undefined && { role: e.role.trim() }),
        ...(e.when !== undefined && { when: mentionRule(e.when) }),
        ...(e.wikidata !== undefined && { wikidata: e.wikidata }),
      })),
      notify: w.notify,
      ...(w.when !== undefined && {
        when: {
          ...mentionRule(w.when),
          ...(w.when.together !== undefined && { together: w.when.together }),
          ...(w.when.languages !== undefined && { languages: w.when.languages.map((l) => l.toLowerCase()) }),
        },
      }),
    })),
    webhooks: raw.webhooks.map((h) => ({
      id: h.id,
      url: h.url.trim(),
      ...(h.secret !== undefined && { secret: h.secret }),
      format: h.format,
      timeoutMs: parseDuration(h.timeout),
      retry: {
        attempts: h.retry.attempts,
        initialDelayMs: parseDuration(h.retry.initialDelay),
        maxDelayMs: parseDuration(h.retry.maxDelay),
      },
      ...(h.chatId !== undefined && { chatId: String(h.chatId).trim() }),
      ...(h.token !== undefined && { token: h.token.trim() }),
      ...(h.from !== undefined && { from: h.from.trim() }),
      ...(h.to !== undefined && { to: h.to.map((t) => t.trim()) }),
      ...(h.digest !== undefined && { digest: parseDigest(h.digest) }),
      allowPrivateNetwork: h.allowPrivateNetwork,
    })),
    history: { maxAgeMs: parseDuration(raw.history.maxAge), maxBytes: parseByteSize(raw.history.maxBytes) },
  };
}

function mentionRule(raw: NonNullable<RawConfig['watchlists'][number]['entities'][number]['when']>): MentionRule {
  return {
    ...(raw.prominence !== undefined && { prominence: raw.prominence }),
    ...(raw.minMentions !== undefined && { minMentions: raw.minMentions }),
    ...(raw.context !== undefined && { context: raw.context.map((s) => s.trim()) }),
    ...(raw.near !== undefined && { near: raw.near }),
  };
}

function resolveFetch(raw: RawConfig['fetch']): FetchConfig {
  return { timeoutMs: parseDuration(raw.timeout), maxBytes: parseByteSize(raw.maxBytes), allowPrivateNetworks: raw.allowPrivateNetworks };
}

/** The fetch settings of a config that sets none: the schema's defaults, so they are written down once. */
export function defaultFetchConfig(): FetchConfig {
  return resolveFetch(fetchOptions.parse({}));
}

function pollInterval(s: string): PollInterval {
  return s.trim() === 'auto' ? { kind: 'auto' } : { kind: 'fixed', ms: parseDuration(s) };
}
