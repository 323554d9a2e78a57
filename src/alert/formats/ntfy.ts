import { clip, fitBlocks, moreStories, personLabel, plural, type MessageView } from './view.js';

/**
 * An ntfy publish: POST to the topic URL, the message as a plain-text body,
 * Title / Click / Tags as headers, Authorization: Bearer when a token is set.
 * The body is sent without the Markdown header, so ntfy shows it as typed.
 * ntfy turns a body over 4,096 bytes into an attachment, so the body stays
 * within NTFY_MAX_BODY_BYTES. Header values must be ASCII on the wire: others
 * go RFC 2047-encoded, which ntfy decodes.
 */
export const NTFY_MAX_BODY_BYTES = 4096;

export interface NtfyRequest {
  headers: Record<string, string>;
  body: string;
}

/** An ASCII header value as is; anything else as an RFC 2047 encoded-word (UTF-8, base64). */
export function ntfyHeaderValue(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(oneLine) ? oneLine : `=?UTF-8?B?${Buffer.from(oneLine, 'utf8').toString('base64')}?=`;
}

/** Cuts to at most `max` UTF-8 bytes, on a character boundary, with an ellipsis. */
export function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let used = Buffer.byteLength('…');
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (used + n > max) break;
    out += ch;
    used += n;
  }
  return `${out}…`;
}

export function renderNtfy(view: MessageView, token?: string): NtfyRequest {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (token) headers.authorization = `Bearer ${token}`;
  let title: string;
  let body: string;
  if (view.kind === 'alert') {
    const { story } = view;
    title = `${view.test ? '[test] ' : ''}${clip(story.title, 250)}`;
    headers.click = story.url;
    headers.tags = view.test ? 'newspaper,test' : 'newspaper';
    const lines = [story.people.map(personLabel).join('; ')];
    if (story.snippet) lines.push(`“${clip(story.snippet, 700)}”`);
    if (story.feedName) lines.push(story.feedName);
    if (view.test) lines.push('Test alert from newswatch (a sample story, not real news)');
    body = lines.join('\n\n');
  } else {
    title = `newswatch digest: ${plural(view.storyCount, 'story', 'stories')}`;
    headers.tags = 'newspaper';
    const blocks = view.groups.map((g) =>
      [personLabel(g.person), ...g.stories.map((s) => `• ${clip(s.title, 200)}${s.feedName ? ` (${s.feedName})` : ''}\n  ${s.url}`), ...moreStories(g)].join('\n'),
    );
    const head = view.window.label;
    // Characters are at most 3 UTF-8 bytes here (BMP text) or 4 (the rest): fit by characters, then make sure by bytes.
    body = `${head}\n\n${fitBlocks(blocks, Math.floor((NTFY_MAX_BODY_BYTES - head.length * 4) / 4), (n) => `…and ${plural(n, 'more person', 'more people')}`, '\n\n')}`;
  }
  headers.title = ntfyHeaderValue(title);
  return { headers, body: clipBytes(body, NTFY_MAX_BODY_BYTES) };
}
