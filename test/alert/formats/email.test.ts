import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../../src/alert/formats/email.js';
import { alertView, digestView, hostile, manyAlerts, witkoff } from './helpers.js';

describe('email format', () => {
  it('writes a subject naming the people, and text and HTML parts with the same content', () => {
    const e = renderEmail(alertView(witkoff));
    expect(e.subject).toBe('Steve Witkoff, Khalil al-Hayya: Witkoff to meet Hamas negotiator');
    expect(e.text).toContain('https://example.com/2026/11/witkoff-hayya');
    expect(e.text).toContain('- Steve Witkoff — U.S. special envoy to the Middle East');
    expect(e.html).toContain('<a href="https://example.com/2026/11/witkoff-hayya">Witkoff to meet Hamas negotiator</a>');
    expect(e.html).toContain('<strong>Steve Witkoff</strong> — U.S. special envoy to the Middle East');
    expect(e.html).toContain('<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:8px">Steve Witkoff, President');
  });

  it('escapes article text in the HTML part', () => {
    const e = renderEmail(alertView(hostile));
    expect(e.html).not.toContain('<b>x</b>');
    expect(e.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(e.html).toContain('href="https://example.com/a?x=1&amp;y=&quot;2&quot;"');
    expect(e.html).not.toContain('<script>');
  });

  it('marks a test in the subject and the body', () => {
    const e = renderEmail(alertView(witkoff, true));
    expect(e.subject).toMatch(/^\[newswatch test\] /);
    expect(e.text).toMatch(/^Test alert from newswatch/);
  });

  it('lists a digest by person with every story', () => {
    const e = renderEmail(digestView(manyAlerts(3)));
    expect(e.subject).toBe('newswatch digest: 3 stories, 1 Dec 2026, 07:00–08:00 UTC');
    for (let i = 0; i < 3; i++) expect(e.text).toContain(`https://example.com/story/${i}`);
    expect(e.html).toContain('<h3 style="margin:16px 0 4px">Steve Witkoff — U.S. special envoy to the Middle East</h3>');
  });
});
