import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAlertPayload, type BuildAlertPayloadArgs } from '../../src/alert/payload.js';
import type { EntityMatch } from '../../src/match/types.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/alert/${name}`, import.meta.url), 'utf8'));

function loadInput(): BuildAlertPayloadArgs {
  const raw = fixture('witkoff-input.json') as Omit<BuildAlertPayloadArgs, 'now'> & { now: string };
  return { ...raw, now: new Date(raw.now) };
}

describe('buildAlertPayload', () => {
  it('produces SPEC’s article.matched body exactly', () => {
    expect(buildAlertPayload(loadInput())).toStrictEqual(fixture('witkoff-payload.expected.json'));
  });

  it('keeps SPEC’s key order in the serialised body', () => {
    const body = buildAlertPayload(loadInput());
    expect(Object.keys(body)).toEqual(['type', 'timestamp', 'data']);
    expect(Object.keys(body.data)).toEqual(['watchlist', 'article', 'matches']);
    expect(Object.keys(body.data.article)).toEqual(['url', 'title', 'publishedAt', 'author', 'language', 'feed']);
    expect(Object.keys(body.data.matches[0]!)).toEqual(['entityId', 'name', 'role', 'count', 'inTitle', 'snippets']);
  });

  it('never sends offsets', () => {
    const json = JSON.stringify(buildAlertPayload(loadInput()));
    expect(json).not.toContain('offsets');
    expect(json).not.toContain('"start"');
  });

  it('strips markup and control characters from snippets, even a <script>', () => {
    const snippets = buildAlertPayload(loadInput()).data.matches.flatMap((m) => m.snippets);
    for (const s of snippets) {
      expect(s).not.toMatch(/<\/?[a-z]/i);
      expect(s).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(s).not.toContain('alert(');
    }
    // A bare "<" that is not a tag is text and stays.
    expect(snippets).toContain('Khalil al-Hayya leads the Hamas delegation; 3 < 5 & so on.');
  });

  it('omits optional fields that are absent, empty or unparseable', () => {
    const match: EntityMatch = { entityId: 'x', name: 'X', count: 1, inTitle: false, snippets: [' \u0000 '], offsets: [] };
    const body = buildAlertPayload({
      watchlistId: 'w',
      article: { url: 'https://example.org/a', title: '  ', publishedAt: 'not a date' },
      feed: { url: 'https://example.org/feed' },
      matches: [match],
      now: new Date('2026-01-01T00:00:00Z'),
    });
    expect(body.data.article).toStrictEqual({ url: 'https://example.org/a', feed: { url: 'https://example.org/feed' } });
    expect(body.data.matches).toStrictEqual([{ entityId: 'x', name: 'X', count: 1, inTitle: false, snippets: [] }]);
    expect(JSON.stringify(body)).not.toContain('null');
  });

  it('sends the entity’s wikidata id in its match, after role, when the config gives one', () => {
    const args = loadInput();
    const [first, ...others] = args.matches;
    const body = buildAlertPayload({ ...args, matches: [{ ...first!, wikidata: 'Q90000002' }, ...others] });
    expect(body.data.matches[0]!.wikidata).toBe('Q90000002');
    expect(Object.keys(body.data.matches[0]!)).toEqual(['entityId', 'name', 'role', 'wikidata', 'count', 'inTitle', 'snippets']);
    for (const m of body.data.matches.slice(1)) expect(m).not.toHaveProperty('wikidata');
  });

  it('accepts a Date for publishedAt and writes ISO 8601', () => {
    const args = loadInput();
    const body = buildAlertPayload({ ...args, article: { ...args.article, publishedAt: new Date(Date.UTC(2026, 10, 26, 5, 40)) } });
    expect(body.data.article.publishedAt).toBe('2026-11-26T05:40:00.000Z');
  });
});
