import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, escapeDiscord, renderDiscord } from '../../../src/alert/formats/discord.js';
import { alertView, digestView, hostile, manyAlerts, witkoff } from './helpers.js';

function embedChars(m: ReturnType<typeof renderDiscord>): number {
  return m.embeds.reduce((n, e) => n + e.title.length + e.description.length + (e.footer?.text.length ?? 0), 0);
}

describe('discord format', () => {
  it('renders one embed: the title linked, the people with roles, the best snippet, the feed; pings nobody', () => {
    const m = renderDiscord(alertView(witkoff));
    expect(m.content).toBeUndefined();
    expect(m.allowed_mentions).toEqual({ parse: [] });
    const [e] = m.embeds;
    expect(e!.title).toBe('Witkoff to meet Hamas negotiator');
    expect(e!.url).toBe('https://example.com/2026/11/witkoff-hayya');
    expect(e!.description).toContain('Steve Witkoff — U.S. special envoy to the Middle East');
    expect(e!.description).toContain('> Steve Witkoff, President Donald Trump’s Middle East peace envoy');
    expect(e!.footer!.text).toBe('Example World');
  });

  it('escapes markdown and defuses @everyone and <@id> mentions from the article', () => {
    const m = renderDiscord(alertView(hostile));
    const text = JSON.stringify(m.embeds);
    expect(text).not.toMatch(/(^|[^\\])\*\*Breaking/);
    expect(m.embeds[0]!.title).toContain('\\*\\*Breaking\\*\\*');
    expect(m.embeds[0]!.title).toContain('\\[click\\]\\(https://evil.example\\)');
    expect(m.embeds[0]!.title).not.toContain('@everyone');
    expect(m.embeds[0]!.description).toContain('\\<@\u2060123456\\>');
    expect(m.embeds[0]!.description).toContain('\\~\\~nothing\\~\\~');
    expect(escapeDiscord('a_b')).toBe('a\\_b');
    expect(escapeDiscord('# Big - news')).toBe('\\# Big - news');
    expect(escapeDiscord('1. first')).toBe('\\1. first');
  });

  it('says "test" in the content of a test alert', () => {
    expect(renderDiscord(alertView(witkoff, true)).content).toMatch(/^Test alert from newswatch/);
  });

  it('keeps a large digest within Discord embed limits and counts what it left out', () => {
    const alerts = manyAlerts(300, 190);
    // 300 stories about 30 different people.
    alerts.forEach((a, i) => a.matches.forEach((m) => ((m.entityId = `${m.entityId}-${i % 30}`), (m.name = `${m.name} ${i % 30}`))));
    const m = renderDiscord(digestView(alerts));
    const [e] = m.embeds;
    expect(e!.title).toBe('newswatch digest: 300 stories');
    expect(e!.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embedChars(m)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(e!.description).toMatch(/…and \d+ more people$/);
    expect(e!.footer!.text).toBe('1 Dec 2026, 07:00–08:00 UTC');
    expect(e!.description).toContain('• [Story 0 xxx');
    expect(e!.description).toContain('](<https://example.com/story/0>)');
  });
});
