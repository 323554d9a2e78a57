import type { AlertPayload } from '../types.js';
import { clip, moreStories, fitBlocks, messageView, personLabel, plural, type MessageView, type StoryView } from './view.js';

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
}

/** A section block's text is capped at 3,000 characters by Slack. */
const SECTION_MAX = 3000;
const SNIPPET_MAX = 600;

/** Slack's mrkdwn escaping: only &, < and > are control characters. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside <url|label>: escape as text, and "|" would end the URL early. */
function slackUrl(url: string): string {
  return escapeSlack(url).replace(/\|/g, '%7C');
}

function link(story: StoryView, max = 300): string {
  return `<${slackUrl(story.url)}|${escapeSlack(clip(story.title, max))}>`;
}

function alertText(story: StoryView, test: boolean): string {
  const people = story.people.map((p) => escapeSlack(personLabel(p))).join('; ');
  const source = story.feedName ? ` (${escapeSlack(story.feedName)})` : '';
  const lines = [`${link(story)}${source}`, `People: ${people}`];
  if (story.snippet) lines.push(`> ${escapeSlack(clip(story.snippet, SNIPPET_MAX))}`);
  if (test) lines.unshift('*Test alert from newswatch* (a sample story, not real news)');
  return clip(lines.join('\n'), SECTION_MAX);
}

function digestText(view: Extract<MessageView, { kind: 'digest' }>): string {
  const head = `*newswatch digest*: ${plural(view.storyCount, 'story', 'stories')}, ${escapeSlack(view.window.label)}`;
  const blocks = view.groups.map((g) =>
    [`*${escapeSlack(personLabel(g.person))}*`, ...g.stories.map((s) => `• ${link(s, 200)}${s.feedName ? ` (${escapeSlack(s.feedName)})` : ''}`), ...moreStories(g)].join('\n'),
  );
  return `${head}\n${fitBlocks(blocks, SECTION_MAX - head.length - 1, (n) => `…and ${plural(n, 'more person', 'more people')}`)}`;
}

/**
 * A Slack incoming-webhook message: the headline as a link, the people named
 * (name — role), and the best snippet quoted; a digest lists the window's
 * stories under each person. `text` carries everything so notifications and
 * clients without blocks still show it.
 */
export function renderSlack(view: MessageView): SlackMessage {
  const text = view.kind === 'alert' ? alertText(view.story, view.test) : digestText(view);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function buildSlackMessage(payload: AlertPayload): SlackMessage {
  return renderSlack(messageView({ kind: 'alert', id: '', payload }));
}
