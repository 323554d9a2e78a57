import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WatchlistConfig } from '../../src/config/types.js';
import { compileMatcher } from '../../src/match/index.js';
import { counts, fixturePath } from './helpers.js';

const watchlists = JSON.parse(readFileSync(fixturePath('scripts-watchlists.json'), 'utf8')) as Record<string, WatchlistConfig[]>;
const matcher = compileMatcher(watchlists['mideast-multi']!);

/** Invisible characters real pages carry inside and around names, by name. */
const INVISIBLES: Array<[string, string]> = [
  ['zero-width space', '\u200b'],
  ['zero-width non-joiner', '\u200c'],
  ['zero-width joiner', '\u200d'],
  ['word joiner', '\u2060'],
  ['byte order mark', '\ufeff'],
  ['soft hyphen', '\u00ad'],
  ['left-to-right mark', '\u200e'],
  ['right-to-left mark', '\u200f'],
  ['Arabic letter mark', '\u061c'],
  ['left-to-right embedding', '\u202a'],
  ['right-to-left embedding', '\u202b'],
  ['pop directional formatting', '\u202c'],
  ['right-to-left override', '\u202e'],
  ['left-to-right isolate', '\u2066'],
  ['right-to-left isolate', '\u2067'],
  ['first strong isolate', '\u2068'],
  ['pop directional isolate', '\u2069'],
];
const BREAKING = new Set(['\u200b', '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']);

/** The original text under each offset of one entity. */
function mentioned(text: string, id: string): string[] {
  const m = matcher.match({ text })[0]?.matches.find((x) => x.entityId === id);
  return m ? m.offsets.map((o) => text.slice(o.start, o.end)) : [];
}

describe.each(INVISIBLES)('invisible character: %s', (_name, c) => {
  it('inside a word of a Latin-script name', () => {
    const text = `U.S. envoy Steve Wit${c}koff will meet Hamas negotiators in Cairo.`;
    expect(mentioned(text, 'steve-witkoff')).toEqual([`Steve Wit${c}koff`]);
  });

  it('inside a word of an Arabic name', () => {
    const text = `التقى خل${c}يل الحية بالوسطاء المصريين في القاهرة.`;
    expect(mentioned(text, 'khalil-al-hayya')).toEqual([`خل${c}يل الحية`]);
  });

  it('inside a word of a Hebrew name, after an attached prefix', () => {
    const text = `ראש הממשלה בנימין נתניהו אמר כי העביר לנתני${c}הו מסר.`;
    expect(mentioned(text, 'benjamin-netanyahu')).toEqual(['בנימין נתניהו', `נתני${c}הו`]);
  });

  it('around a name: outside its offsets', () => {
    const text = `قال ${c}خليل الحية${c}، رئيس وفد الحركة، إن المحادثات مستمرة.`;
    expect(mentioned(text, 'khalil-al-hayya')).toEqual(['خليل الحية']);
    const latin = `Talks with ${c}${c}Steve Witkoff${c}. Nothing else.`;
    expect(mentioned(latin, 'steve-witkoff')).toEqual(['Steve Witkoff']);
  });

  it('does not make a longer word a mention (negative)', () => {
    const text = `Jared Kushner met the Kush${c}ner${c}ite faction and Wit${c}koffian aides.`;
    expect(counts(matcher.match({ text }))).toEqual({ 'jared-kushner': 1 });
  });

  it('leaves the snippet the whole sentence as it reads, neither cut nor run on', () => {
    const text = `وصل الوفد إلى الدوحة.${c} وقال خليل ال${c}حية إن الوفد سيعود غدا.${c} وأضاف مسؤول آخر أن المفاوضات مستمرة.`;
    const [r] = matcher.match({ text });
    // The invisible character is zero-width where it stood: the snippet reads the same without it.
    expect(r!.matches[0]!.snippets).toEqual(['وقال خليل الحية إن الوفد سيعود غدا.']);
    const latin = `Talks stalled.${c} U.S. envoy Steve Wit${c}koff will travel to Cairo.${c} Nothing else.`;
    expect(matcher.match({ text: latin })[0]!.matches[0]!.snippets).toEqual(['U.S. envoy Steve Witkoff will travel to Cairo.']);
  });
});

describe('invisible breaking characters between two words', () => {
  it.each([...BREAKING])('%j alone between the words of a name still separates them', (c) => {
    expect(mentioned(`Steve${c}Witkoff said.`, 'steve-witkoff')).toEqual([`Steve${c}Witkoff`]);
    expect(mentioned(`وقال خليل${c}الحية.`, 'khalil-al-hayya')).toEqual([`خليل${c}الحية`]);
  });

  it('several in one token: pieces are joined only where they make a name word', () => {
    const text = `Steve\u200bWit\u200bkoff spoke.`;
    expect(mentioned(text, 'steve-witkoff')).toEqual(['Steve\u200bWit\u200bkoff']);
  });
});
