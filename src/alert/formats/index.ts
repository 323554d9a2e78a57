import type { WebhookConfig } from '../../config/types.js';
import { signedHeaders } from '../sign.js';
import type { OutgoingMessage } from '../types.js';
import { renderDiscord } from './discord.js';
import { renderNtfy } from './ntfy.js';
import { renderSlack } from './slack.js';
import { renderTeams } from './teams.js';
import { renderTelegram } from './telegram.js';
import { messageView } from './view.js';

/** One HTTP request to a web target: where, what, with which headers. */
export interface TargetRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * The shortest gap between two messages to one target, so a burst of news
 * stays within the service's posted rate instead of running into 429s:
 * Slack incoming webhooks take about one message a second, a Discord
 * webhook 30 a minute per channel, a Telegram bot 20 a minute in a group (one
 * a second in a private chat), Teams' webhooks throttle past four a second.
 * ntfy allows a burst of 60 before its 429 (with a retry hint), standard
 * receivers and SMTP servers set no such rate: no gap.
 */
export function sendingPaceMs(webhook: Pick<WebhookConfig, 'format' | 'chatId'>): number {
  switch (webhook.format) {
    case 'slack':
      return 1_000;
    case 'discord':
      return 2_000;
    case 'telegram':
      // Group and channel ids are negative (or @channelname); private chats are positive.
      return webhook.chatId !== undefined && /^\d+$/.test(webhook.chatId) ? 1_000 : 3_000;
    case 'teams':
      return 250;
    default:
      return 0;
  }
}

/** The zone a digest's window is shown in: its own for daily digests, UTC for clock windows. */
export function digestZone(webhook: WebhookConfig): string | undefined {
  return webhook.digest?.kind === 'daily' ? webhook.digest.zone : undefined;
}

/**
 * The request for an http(s) target in its format. Only standard is signed
 * (Standard Webhooks); the chat services authenticate by the secret URL
 * (slack, discord, teams, telegram's bot token) or a bearer token (ntfy).
 * Throws for a configuration the schema should have refused (no secret, no chatId).
 */
export function buildTargetRequest(webhook: WebhookConfig, message: OutgoingMessage, now: Date): TargetRequest {
  const view = () => messageView(message, digestZone(webhook));
  switch (webhook.format) {
    case 'standard': {
      const body = JSON.stringify(message.payload);
      if (webhook.secret === undefined) throw new Error('webhook: a standard-format webhook needs a secret');
      return { url: webhook.url, body, headers: signedHeaders(webhook.secret, message.id, now, body) };
    }
    case 'slack':
      return { url: webhook.url, body: JSON.stringify(renderSlack(view())), headers: JSON_HEADERS };
    case 'discord':
      return { url: webhook.url, body: JSON.stringify(renderDiscord(view())), headers: JSON_HEADERS };
    case 'teams':
      return { url: webhook.url, body: JSON.stringify(renderTeams(view())), headers: JSON_HEADERS };
    case 'telegram': {
      if (webhook.chatId === undefined) throw new Error('webhook: a telegram target needs a chatId');
      // The bot URL carries the token; the method is a path segment after it.
      return { url: `${webhook.url.replace(/\/+$/, '')}/sendMessage`, body: JSON.stringify(renderTelegram(view(), webhook.chatId)), headers: JSON_HEADERS };
    }
    case 'ntfy': {
      const { headers, body } = renderNtfy(view(), webhook.token);
      return { url: webhook.url, body, headers };
    }
    case 'email':
      throw new Error('webhook: email targets are sent over SMTP, not HTTP');
  }
}
