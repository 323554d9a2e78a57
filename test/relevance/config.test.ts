import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfigText, summarizeConfig } from '../../src/config/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/relevance/${name}`, import.meta.url), 'utf8');

describe('when and history in the config', () => {
  it('reports each bad rule key with its line', () => {
    const r = parseConfigText(fixture('bad-when.yaml'), 'bad-when.yaml', {});
    expect(r.ok).toBe(false);
    const lines = r.ok ? [] : r.issues.map((i) => `${i.line}:${i.col} ${i.message}`);
    expect(lines.some((l) => /^8:\d+ .*together: unknown key/.test(l))).toBe(true); // together is watchlist-wide only
    expect(lines.some((l) => /^12:\d+ .*prominence: must be any, lead or title/.test(l))).toBe(true);
    expect(lines.some((l) => /^13:\d+ .*minMentions: must be at least 1/.test(l))).toBe(true);
    expect(lines.some((l) => /^14:\d+ .*near: must be sentence or a number of words/.test(l))).toBe(true);
    expect(lines.some((l) => /^15:\d+ .*languages\[0\]: must be an ISO 639-1 code/.test(l))).toBe(true);
    expect(lines.some((l) => /^16:\d+ .*maxAge: must be a duration/.test(l))).toBe(true);
    expect(lines.some((l) => /^16:\d+ .*maxBytes: must be a size/.test(l))).toBe(true);
  });

  it('refuses near without a context list to measure from', () => {
    const yaml = 'feeds: []\nwebhooks: []\nwatchlists:\n  - id: w\n    entities: [{ id: a, name: Ann Lee }]\n    when: { near: sentence }\n';
    const r = parseConfigText(yaml, 'near.yaml', {});
    expect(r.ok ? [] : r.issues.map((i) => `${i.line} ${i.message}`)).toEqual(['6 watchlists[0].when.near: near needs a context list to measure from (for entity 1)']);
  });

  it('resolves rules and history, and validate explains the rule in words', () => {
    const r = parseConfigText(fixture('rules.yaml'), 'rules.yaml', {});
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
    const talks = r.config.watchlists.find((w) => w.id === 'talks')!;
    expect(talks.when).toEqual({ together: 2, context: ['Hamas', 'Gaza', 'ceasefire', 'hostages'], near: 'sentence', languages: ['en', 'ar'] });
    expect(r.config.history).toEqual({ maxAgeMs: 7 * 86_400_000, maxBytes: 100_000_000 });
    const summary = summarizeConfig(r.config);
    expect(summary).toContain(
      'when: alerts only when the article has Hamas, Gaza, ceasefire or hostages in the same sentence as the name, at least 2 of its people together, in English or Arabic',
    );
    expect(summary).toContain("when (replacing the watchlist's prominence): alerts only when the person is in the title");
    expect(summary).toContain('history: 7d, at most 100MB');
  });
});
