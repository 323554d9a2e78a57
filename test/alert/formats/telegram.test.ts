import { describe, expect, it } from 'vitest';
import { escapeTelegram, renderTelegram, TELEGRAM_MAX_TEXT } from '../../../src/alert/formats/telegram.js';
import { alertView, digestView, hostile, manyAlerts, witkoff } from './helpers.js';

describe('telegram format', () => {
  it('sends HTML to the chat: the title as a link, people in bold with roles, the snippet quoted', () => {
    const m = renderTelegram(alertView(witkoff), '-1001234567890');
    expect(m.chat_id).toBe(-1001234567890);
    expect(m.parse_mode).toBe('HTML');
    expect(m.text).toContain('<a href="https://example.com/2026/11/witkoff-hayya">Witkoff to meet Hamas negotiator</a>');
    expect(m.text).toContain('<b>Steve Witkoff</b> — U.S. special envoy to the Middle East');
    expect(m.text).toContain('<blockquote>Steve Witkoff, President Donald Trump’s');
    expect(renderTelegram(alertView(witkoff), '@newsroom').chat_id).toBe('@newsroom');
  });

  it('escapes HTML in article text and attributes, and defuses @mentions', () => {
    const m = renderTelegram(alertView(hostile), '1');
    expect(m.text).toContain('href="https://example.com/a?x=1&amp;y=&quot;2&quot;"');
    expect(m.text).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(m.text).not.toContain('<b>x</b>');
    expect(m.text).not.toContain('@everyone');
    expect(m.text).toContain('@\u2060everyone');
    expect(escapeTelegram('a < b & c')).toBe('a &lt; b &amp; c');
    // Only the tags we write remain.
    expect(m.text.match(/<\/?([a-z]+)/g)!.every((t) => /^<\/?(a|b|i|blockquote)$/.test(t))).toBe(true);
  });

  it('labels a test alert', () => {
    expect(renderTelegram(alertView(witkoff, true), '1').text).toMatch(/^🧪 <b>Test alert from newswatch<\/b>/);
  });

  it('keeps a large digest within 4,096 characters', () => {
    const alerts = manyAlerts(400, 190);
    alerts.forEach((a, i) => a.matches.forEach((m) => ((m.entityId = `${m.entityId}-${i % 40}`), (m.name = `${m.name} ${i % 40}`))));
    const m = renderTelegram(digestView(alerts), '1');
    expect(m.text.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(m.text).toMatch(/^<b>newswatch digest<\/b>: 400 stories, 1 Dec 2026, 07:00–08:00 UTC/);
    expect(m.text).toMatch(/…and \d+ more people$/);
  });
});
