import type { AlertPayload } from './types.js';

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

/** Slack's mrkdwn escaping: only &, < and > are control characters. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside <url|label>: escape as text, and "|" would end the URL early. */
function slackUrl(url: string): string {
  return escapeSlack(url).replace(/\|/g, '%7C');
}

/**
 * A Slack incoming-webhook message: the headline as a link, the people named
 * (name — role), and the first snippet quoted. `text` carries everything so
 * notifications and clients without blocks still show it.
 */
export function buildSlackMessage(payload: AlertPayload): SlackMessage {
  const { article, matches } = payload.data;
  const label = escapeSlack(article.title ?? article.url);
  const link = `<${slackUrl(article.url)}|${label}>`;
  const people = matches
    .map((m) => (m.role ? `${escapeSlack(m.name)} — ${escapeSlack(m.role)}` : escapeSlack(m.name)))
    .join('; ');
  const snippet = matches.flatMap((m) => m.snippets)[0];
  const source = article.feed.name ? ` (${escapeSlack(article.feed.name)})` : '';

  const lines = [`${link}${source}`, `People: ${people}`];
  if (snippet) lines.push(`> ${escapeSlack(snippet)}`);
  const text = lines.join('\n');
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
