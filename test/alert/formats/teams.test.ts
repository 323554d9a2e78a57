import { describe, expect, it } from 'vitest';
import { renderTeams, TEAMS_MAX_BYTES } from '../../../src/alert/formats/teams.js';
import { alertView, digestView, hostile, manyAlerts, witkoff } from './helpers.js';

/** Every text the card shows, by element kind. */
function texts(m: ReturnType<typeof renderTeams>): string[] {
  return m.attachments[0]!.content.body.flatMap((b) => b.inlines.map((r) => r.text));
}

describe('teams format', () => {
  it('posts a Workflows message with one Adaptive Card: the title links to the story, people, snippet, a Read button', () => {
    const m = renderTeams(alertView(witkoff));
    expect(m.type).toBe('message');
    const [att] = m.attachments;
    expect(att!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(att!.content.type).toBe('AdaptiveCard');
    expect(att!.content.version).toBe('1.4');
    const title = att!.content.body[0]!.inlines[0]!;
    expect(title).toMatchObject({ text: 'Witkoff to meet Hamas negotiator', selectAction: { type: 'Action.OpenUrl', url: 'https://example.com/2026/11/witkoff-hayya' } });
    expect(texts(m)).toEqual(expect.arrayContaining(['Steve Witkoff', ' — U.S. special envoy to the Middle East', 'Khalil al-Hayya']));
    expect(att!.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Read the story', url: 'https://example.com/2026/11/witkoff-hayya' }]);
  });

  it('puts article text only in TextRuns (no markdown), never in a TextBlock', () => {
    const m = renderTeams(alertView(hostile));
    for (const b of m.attachments[0]!.content.body) expect(b.type).toBe('RichTextBlock');
    expect(texts(m)[0]).toBe(hostile.data.article.title);
    expect(JSON.stringify(m)).not.toContain('"entities"');
  });

  it('labels a test alert', () => {
    expect(texts(renderTeams(alertView(witkoff, true)))[0]).toMatch(/^Test alert from newswatch/);
  });

  it('keeps a large digest under the size Teams accepts', () => {
    const alerts = manyAlerts(500, 190);
    alerts.forEach((a, i) => a.matches.forEach((m) => ((m.entityId = `${m.entityId}-${i % 50}`), (m.name = `${m.name} ${i % 50}`))));
    const m = renderTeams(digestView(alerts));
    expect(Buffer.byteLength(JSON.stringify(m))).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
    expect(texts(m)[0]).toBe('newswatch digest: 500 stories');
    expect(texts(m).at(-1)).toMatch(/^…and \d+ more people$/);
  });
});
