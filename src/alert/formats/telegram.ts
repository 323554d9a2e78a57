import { clip, moreStories, defuseMentions, fitBlocks, personLabel, plural, type MessageView, type StoryView } from './view.js';

/**
 * Telegram Bot API `sendMessage` with `parse_mode: HTML`. Text is at most
 * 4,096 characters after entity parsing; we keep the HTML source itself within
 * that, which is stricter. Only &, < and > need escaping in HTML mode (and "
 * inside href); "@" is defused so a quoted @username mentions nobody.
 */
export const TELEGRAM_MAX_TEXT = 4096;

export interface TelegramMessage {
  chat_id: string | number;
  text: string;
  parse_mode: 'HTML';
  link_preview_options: { is_disabled: boolean };
}

const SNIPPET_MAX = 700;

export function escapeTelegram(text: string): string {
  return defuseMentions(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

function href(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function link(s: StoryView, max: number): string {
  return `<a href="${href(s.url)}">${escapeTelegram(clip(s.title, max))}</a>`;
}

/** A numeric chat id goes as a number, "@channel" as a string, as the Bot API documents chat_id. */
function chatIdValue(chatId: string): string | number {
  return /^-?\d+$/.test(chatId) && Number.isSafeInteger(Number(chatId)) ? Number(chatId) : chatId;
}

export function renderTelegram(view: MessageView, chatId: string): TelegramMessage {
  let text: string;
  if (view.kind === 'alert') {
    const { story } = view;
    const lines = [`${link(story, 300)}${story.feedName ? ` — <i>${escapeTelegram(story.feedName)}</i>` : ''}`];
    const people = story.people.map((p) => `<b>${escapeTelegram(clip(p.name, 200))}</b>${p.role ? ` — ${escapeTelegram(clip(p.role, 200))}` : ''}`);
    lines.push(fitBlocks(people, 2500, (n) => `…and ${plural(n, 'more person', 'more people')}`));
    if (story.snippet) lines.push(`<blockquote>${escapeTelegram(clip(story.snippet, SNIPPET_MAX))}</blockquote>`);
    if (view.test) lines.unshift('🧪 <b>Test alert from newswatch</b> (a sample story, not real news)');
    text = lines.join('\n');
  } else {
    const head = `<b>newswatch digest</b>: ${plural(view.storyCount, 'story', 'stories')}, ${escapeTelegram(view.window.label)}`;
    const blocks = view.groups.map((g) =>
      [`<b>${escapeTelegram(clip(personLabel(g.person), 300))}</b>`, ...g.stories.map((s) => `• ${link(s, 200)}${s.feedName ? ` (${escapeTelegram(s.feedName)})` : ''}`), ...moreStories(g)].join('\n'),
    );
    text = `${head}\n\n${fitBlocks(blocks, TELEGRAM_MAX_TEXT - head.length - 2, (n) => `…and ${plural(n, 'more person', 'more people')}`, '\n\n')}`;
  }
  return { chat_id: chatIdValue(chatId), text, parse_mode: 'HTML', link_preview_options: { is_disabled: view.kind === 'digest' } };
}
