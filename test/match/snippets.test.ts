import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../src/match/index.js';
import { sentenceAround, snippetAt } from '../../src/match/snippets.js';
import { watchlistSets } from './helpers.js';

const matcher = compileMatcher(watchlistSets.mideast!);
const snippetsOf = (text: string, title?: string): string[] =>
  matcher.match(title === undefined ? { text } : { title, text })[0]?.matches[0]?.snippets ?? [];

describe('snippets', () => {
  it('keeps "U.S." and "Mr." inside the sentence', () => {
    const text = 'Talks stalled. U.S. envoy Steve Witkoff will meet Mr. Smith in Doha on Monday. Nobody else came.';
    expect(snippetsOf(text)).toEqual(['U.S. envoy Steve Witkoff will meet Mr. Smith in Doha on Monday.']);
  });

  it('keeps initials and "Jr." inside the sentence', () => {
    const text = 'He called. Steve Witkoff met Donald J. Trump and Robert F. Kennedy Jr. at noon. Then left.';
    expect(snippetsOf(text)).toEqual(['Steve Witkoff met Donald J. Trump and Robert F. Kennedy Jr. at noon.']);
  });

  it('ends sentences at ! and ? and keeps closing quotes', () => {
    const text = '“Is Steve Witkoff coming?” she asked. Yes!';
    expect(snippetsOf(text)).toEqual(['“Is Steve Witkoff coming?”']);
  });

  it('stops at a paragraph break even without punctuation', () => {
    const text = 'A headline without a stop\n\nSteve Witkoff arrives today\n\nMore news';
    expect(snippetsOf(text)).toEqual(['Steve Witkoff arrives today']);
  });

  it('joins a sentence broken over lines into one line', () => {
    const text = 'Steve\nWitkoff will\n  travel to Cairo. Other news.';
    expect(snippetsOf(text)).toEqual(['Steve Witkoff will travel to Cairo.']);
  });

  it('gives one snippet for several mentions in one sentence, at most 3, distinct', () => {
    const text = [
      'Steve Witkoff met Witkoff’s aides.',
      'Witkoff spoke.',
      'Witkoff spoke.',
      'Then Witkoff left.',
      'Witkoff returned.',
    ].join(' ');
    expect(snippetsOf(text)).toEqual(['Steve Witkoff met Witkoff’s aides.', 'Witkoff spoke.', 'Then Witkoff left.']);
  });

  it('uses the title when the body has no mention', () => {
    expect(snippetsOf('The envoy will travel.', 'Steve Witkoff to travel to Cairo')).toEqual([
      'Steve Witkoff to travel to Cairo',
    ]);
  });

  it('prefers body sentences over the title', () => {
    expect(snippetsOf('He said Steve Witkoff would go.', 'Steve Witkoff to travel')).toEqual([
      'He said Steve Witkoff would go.',
    ]);
  });

  it('cuts a long sentence around the mention at word boundaries', () => {
    const filler = (n: number): string => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const text = `${filler(60)} Steve Witkoff ${filler(60)}.`;
    const [snippet] = snippetsOf(text);
    expect(snippet!.length).toBeLessThanOrEqual(300);
    expect(snippet).toMatch(/^…word\d+ /);
    expect(snippet).toMatch(/ word\d+…$/);
    expect(snippet).toContain(' Steve Witkoff ');
    // Whole words only: every word in the cut is a word of the original.
    const words = new Set(text.split(/[ .]/));
    for (const w of snippet!.replace(/…/g, '').split(' ')) expect(words.has(w)).toBe(true);
  });

  it('cuts only the end when the mention is near the start of a long sentence', () => {
    const text = `Steve Witkoff ${'and more '.repeat(60)}end.`;
    const snippet = snippetAt(text, 0, 13);
    expect(snippet.startsWith('Steve Witkoff and more')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(300);
  });

  it('finds sentence bounds locally in a long text', () => {
    const text = `${'Filler sentence here. '.repeat(50_000)}Then Steve Witkoff spoke. ${'More filler. '.repeat(1000)}`;
    const start = text.indexOf('Steve');
    expect(text.slice(...sentenceAround(text, start, start + 13))).toBe('Then Steve Witkoff spoke.');
  });
});
