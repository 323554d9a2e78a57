import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSlackMessage, escapeSlack } from '../../../src/alert/formats/slack.js';
import type { AlertPayload } from '../../../src/alert/types.js';

const payload = JSON.parse(
  readFileSync(new URL('../../fixtures/alert/witkoff-payload.expected.json', import.meta.url), 'utf8'),
) as AlertPayload;

describe('escapeSlack', () => {
  it('escapes &, < and > only', () => {
    expect(escapeSlack('a & b <c> "d" \'e\' *f*')).toBe('a &amp; b &lt;c&gt; "d" \'e\' *f*');
  });
});

describe('buildSlackMessage', () => {
  it('links the title, names people with roles and quotes the first snippet', () => {
    const { text, blocks } = buildSlackMessage(payload);
    expect(text).toContain('<https://example.com/2026/11/witkoff-hayya|Witkoff to meet Hamas negotiator>');
    expect(text).toContain('Steve Witkoff — U.S. special envoy to the Middle East');
    expect(text).toContain('Khalil al-Hayya');
    expect(text).toContain('> Steve Witkoff, President Donald Trump’s Middle East peace envoy');
    expect(text).not.toContain('Witkoff said talks would resume'); // only the first snippet
    expect(blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text } }]);
  });

  it('escapes article text so it cannot form links or mentions', () => {
    const hostile: AlertPayload = structuredClone(payload);
    hostile.data.article.title = 'Q&A: <!channel> a > b';
    hostile.data.article.url = 'https://example.com/a?x=1&y=2|evil';
    hostile.data.matches = [{ entityId: 'e', name: 'A <b>', count: 1, inTitle: false, snippets: ['<@U123> & co'] }];
    const { text } = buildSlackMessage(hostile);
    expect(text).toContain('<https://example.com/a?x=1&amp;y=2%7Cevil|Q&amp;A: &lt;!channel&gt; a &gt; b>');
    expect(text).toContain('A &lt;b&gt;');
    expect(text).toContain('> &lt;@U123&gt; &amp; co');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
  });

  it('falls back to the URL when there is no title, and omits the quote without snippets', () => {
    const bare: AlertPayload = structuredClone(payload);
    delete bare.data.article.title;
    bare.data.matches = bare.data.matches.map((m) => ({ ...m, snippets: [] }));
    const { text } = buildSlackMessage(bare);
    expect(text).toContain('<https://example.com/2026/11/witkoff-hayya|https://example.com/2026/11/witkoff-hayya>');
    expect(text).not.toContain('\n>');
  });
});

describe('slack digests and tests', () => {
  it('lists a digest by person within a section block (3,000 characters) and labels a test', async () => {
    const { renderSlack } = await import('../../../src/alert/formats/slack.js');
    const { digestView, manyAlerts, alertView } = await import('./helpers.js');
    const alerts = manyAlerts(200, 190);
    alerts.forEach((a, i) => a.matches.forEach((m) => ((m.entityId = `${m.entityId}-${i % 20}`), (m.name = `${m.name} ${i % 20}`))));
    const { text, blocks } = renderSlack(digestView(alerts));
    expect(text.length).toBeLessThanOrEqual(3000);
    // People with as many stories: by name. Each story a link with its feed.
    expect(text).toMatch(/^\*newswatch digest\*: 200 stories, 1 Dec 2026, 07:00–08:00 UTC\n\*Khalil al-Hayya 0\*\n• <https:\/\/example\.com\/story\/0\|Story 0 x+> \(Example World\)\n/);
    expect(text).toMatch(/…and \d+ more people$/);
    expect(blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text } }]);
    expect(renderSlack(alertView(payload, true)).text).toMatch(/^\*Test alert from newswatch\*/);
  });
});
