import { clip, moreStories, personLabel, plural, type MessageView, type StoryView } from './view.js';

/**
 * An alert email: a subject, a plain-text part and an HTML part carrying the
 * same content. Everything from an article is HTML-escaped in the HTML part;
 * the SMTP library encodes the subject and both parts.
 */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Only http(s) links become anchors; the URL is escaped as an attribute. */
function anchor(s: StoryView): string {
  const safe = /^https?:\/\//i.test(s.url);
  const title = escapeHtml(clip(s.title, 300));
  return safe ? `<a href="${escapeHtml(s.url)}">${title}</a>` : title;
}

const TEST_NOTE = 'Test alert from newswatch (a sample story, not real news).';

function page(inner: string): string {
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">${inner}</body></html>`;
}

export function renderEmail(view: MessageView): EmailContent {
  if (view.kind === 'alert') {
    const { story } = view;
    const names = story.people.map((p) => p.name);
    const subject = `${view.test ? '[newswatch test] ' : ''}${clip(names.join(', '), 80)}: ${clip(story.title, 150)}`;
    const text = [
      ...(view.test ? [TEST_NOTE, ''] : []),
      story.title,
      story.url,
      ...(story.feedName ? [`(${story.feedName})`] : []),
      '',
      ...story.people.map((p) => `- ${personLabel(p)}`),
      ...(story.snippet ? ['', `“${story.snippet}”`] : []),
    ].join('\n');
    const html = page(
      [
        ...(view.test ? [`<p><strong>${escapeHtml(TEST_NOTE)}</strong></p>`] : []),
        `<h2 style="margin:0 0 4px">${anchor(story)}</h2>`,
        ...(story.feedName ? [`<div style="color:#666">${escapeHtml(story.feedName)}</div>`] : []),
        `<ul>${story.people.map((p) => `<li><strong>${escapeHtml(p.name)}</strong>${p.role ? ` — ${escapeHtml(p.role)}` : ''}</li>`).join('')}</ul>`,
        ...(story.snippet ? [`<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:8px">${escapeHtml(story.snippet)}</blockquote>`] : []),
      ].join('\n'),
    );
    return { subject, text, html };
  }
  const subject = `newswatch digest: ${plural(view.storyCount, 'story', 'stories')}, ${view.window.label}`;
  const text = [
    subject,
    ...view.groups.flatMap((g) => ['', personLabel(g.person), ...g.stories.flatMap((s) => [`- ${s.title}${s.feedName ? ` (${s.feedName})` : ''}`, `  ${s.url}`]), ...moreStories(g)]),
  ].join('\n');
  const html = page(
    [
      `<h2 style="margin:0">newswatch digest: ${plural(view.storyCount, 'story', 'stories')}</h2>`,
      `<div style="color:#666">${escapeHtml(view.window.label)}</div>`,
      ...view.groups.map(
        (g) =>
          `<h3 style="margin:16px 0 4px">${escapeHtml(personLabel(g.person))}</h3><ul>${g.stories
            .map((s) => `<li>${anchor(s)}${s.feedName ? ` <span style="color:#666">(${escapeHtml(s.feedName)})</span>` : ''}${s.snippet ? `<br><em>${escapeHtml(clip(s.snippet, 300))}</em>` : ''}</li>`)
            .join('')}${moreStories(g).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
      ),
    ].join('\n'),
  );
  return { subject, text, html };
}
