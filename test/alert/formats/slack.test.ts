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
