import { clip, moreStories, defuseMentions, fitBlocks, personLabel, plural, type MessageView, type StoryView } from './view.js';

/**
 * Discord's execute-webhook body: one embed (title linked to the story,
 * people and snippet in the description, feed in the footer).
 *
 * Limits (Discord's documented embed limits): content 2,000 characters, embed
 * title 256, description 4,096, footer 2,048, all embed text together 6,000.
 * Article text is markdown-escaped and every "@" defused, and
 * `allowed_mentions: { parse: [] }` tells Discord to ping nobody whatever the
 * text says: a story quoting "@everyone" stays text.
 */
export const DISCORD_LIMITS = { content: 2000, title: 256, description: 4096, footer: 2048, total: 6000 } as const;

export interface DiscordMessage {
  content?: string;
  embeds: Array<{ title: string; url?: string; description: string; footer?: { text: string }; color: number }>;
  allowed_mentions: { parse: never[] };
}

const COLOR = 0x2b6cb0;
const SNIPPET_MAX = 700;

/**
 * A backslash before every inline markdown character (and < >, which start
 * mentions, channels and timestamps), and before a list or heading marker at
 * the start, so article text renders as typed.
 */
export function escapeDiscord(text: string): string {
  const inline = text.replace(/[\\*_~`|<>[\]()]/g, (c) => `\\${c}`);
  return defuseMentions(inline.replace(/^(\s*)([-#+]|\d+\.)/, '$1\\$2'));
}

/** A URL inside a masked link `[text](<url>)`: the angle brackets keep ")" inside it; "<", ">" and spaces are encoded. */
function linkUrl(url: string): string {
  return `<${url.replace(/[<> ]/g, encodeURIComponent)}>`;
}

function storyLine(s: StoryView): string {
  return `• [${escapeDiscord(clip(s.title, 200))}](${linkUrl(s.url)})${s.feedName ? ` (${escapeDiscord(s.feedName)})` : ''}`;
}

export function renderDiscord(view: MessageView): DiscordMessage {
  const base = { allowed_mentions: { parse: [] as never[] } };
  if (view.kind === 'alert') {
    const { story } = view;
    const people = story.people.map((p) => escapeDiscord(personLabel(p))).join('\n');
    const lines = [`**People**\n${people}`];
    if (story.snippet) lines.push(`> ${escapeDiscord(clip(story.snippet, SNIPPET_MAX))}`);
    return {
      ...(view.test && { content: 'Test alert from newswatch (a sample story, not real news)' }),
      embeds: [
        {
          title: clip(escapeDiscord(story.title), DISCORD_LIMITS.title),
          url: story.url,
          description: clip(lines.join('\n\n'), 3000),
          ...(story.feedName && { footer: { text: clip(escapeDiscord(story.feedName), 200) } }),
          color: COLOR,
        },
      ],
      ...base,
    };
  }
  const title = clip(`newswatch digest: ${plural(view.storyCount, 'story', 'stories')}`, DISCORD_LIMITS.title);
  const blocks = view.groups.map((g) => [`**${escapeDiscord(clip(personLabel(g.person), 300))}**`, ...g.stories.map(storyLine), ...moreStories(g)].join('\n'));
  // 4,000 of the 4,096: the title and footer stay well inside the 6,000 total.
  const description = fitBlocks(blocks, 4000, (n) => `…and ${plural(n, 'more person', 'more people')}`, '\n\n');
  return { embeds: [{ title, description, footer: { text: view.window.label }, color: COLOR }], ...base };
}
