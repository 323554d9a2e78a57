import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../src/match/index.js';
import { watchlistSets } from './helpers.js';

// The story the project started from; its plain text taken from its <p> elements
// (the real extractor lives elsewhere), paragraphs separated by blank lines.
const $ = cheerio.load(readFileSync(new URL('../fixtures/seed/witkoff-al-hayya.html', import.meta.url), 'utf8'));
const title = $('article h1').text();
const text = $('article p')
  .map((_, p) => $(p).text())
  .get()
  .join('\n\n');

describe('seed story (witkoff-al-hayya)', () => {
  const [result] = compileMatcher(watchlistSets.mideast!).match({ title, text });
  const byId = Object.fromEntries((result?.matches ?? []).map((m) => [m.entityId, m]));

  it('flags all four people with the counts read off the story', () => {
    // Counted by hand: Witkoff 1 in the title + 6 in the body ("Steve Witkoff", three
    // "Witkoff’s", "Witkoff, who", "for Witkoff"; "his son, Andrew," is not "Andrew Witkoff");
    // al-Hayya 1 + 4; Trump 3 (no title); Kushner 1.
    expect(result?.watchlistId).toBe('mideast');
    expect(result!.matches.map((m) => [m.entityId, m.count, m.inTitle])).toEqual([
      ['steve-witkoff', 7, true],
      ['khalil-al-hayya', 5, true],
      ['donald-trump', 3, false],
      ['jared-kushner', 1, false],
    ]);
  });

  it('carries name and role from the config', () => {
    expect(byId['steve-witkoff']).toMatchObject({ name: 'Steve Witkoff', role: 'U.S. special envoy to the Middle East' });
  });

  it('gives whole body sentences as snippets, in document order', () => {
    expect(byId['steve-witkoff']!.snippets).toEqual([
      'Steve Witkoff, President Donald Trump’s Middle East peace envoy, is set to meet with Khalil al-Hayya, the chief negotiator for Hamas, in the coming days.',
      'This meeting, confirmed by sources familiar with Witkoff’s plans, is expected to focus on ongoing discussions regarding a ceasefire in Gaza following the violent escalation that culminated in the October 7, 2025 massacre.',
      'Witkoff’s willingness to engage with al-Hayya illustrates the Trump administration’s strategy of maintaining dialogue with Hamas, despite the group’s designation as a foreign terrorist organization by the United States.',
    ]);
    expect(byId['jared-kushner']!.snippets).toEqual([
      'During the October meeting, Jared Kushner, Trump’s son-in-law and senior advisor, played a pivotal role in brokering the deal.',
    ]);
  });

  it('points offsets at the mentions in the original fields', () => {
    const mentioned = (id: string): string[] =>
      byId[id]!.offsets.map((o) => (o.field === 'title' ? title : text).slice(o.start, o.end));
    expect(mentioned('steve-witkoff')).toEqual(['Witkoff', 'Steve Witkoff', ...Array(5).fill('Witkoff')]);
    expect(mentioned('khalil-al-hayya')).toEqual(['Khalil al-Hayya', 'Khalil al-Hayya', 'al-Hayya', 'al-Hayya', 'al-Hayya']);
    expect(mentioned('donald-trump')).toEqual(['Donald Trump', 'Trump', 'Trump']);
    expect(byId['steve-witkoff']!.offsets[0]!.field).toBe('title');
  });
});
