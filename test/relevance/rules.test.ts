import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/index.js';
import type { NewswatchConfig } from '../../src/config/types.js';
import { compileMatcher } from '../../src/match/index.js';
import { judgeArticle, readArticle, type ArticleView } from '../../src/pipeline/article.js';
import { compileRelevance, type JudgedWatchlist } from '../../src/relevance/index.js';

const fixture = (name: string) => new URL(`../fixtures/relevance/${name}`, import.meta.url);
const read = (name: string, edit: (html: string) => string = (h) => h): ArticleView =>
  readArticle({ html: edit(readFileSync(fixture(name), 'utf8')), url: 'http://fakehost/test/page.html' }, 'http://fakehost/test/page.html');

let config: NewswatchConfig;
let judge: (article: ArticleView, watchlist: string) => JudgedWatchlist | undefined;

beforeAll(async () => {
  config = await loadConfigFile(fileURLPath(fixture('rules.yaml')));
  const deps = { matcher: compileMatcher(config.watchlists), relevance: compileRelevance(config.watchlists) };
  judge = (article, watchlist) => judgeArticle(deps, article, [watchlist]).judged[0];
});

function fileURLPath(u: URL): string {
  return decodeURIComponent(u.pathname);
}

/** entityId → whether it alerts. */
const verdicts = (j: JudgedWatchlist | undefined) => Object.fromEntries((j?.people ?? []).map((p) => [p.match.entityId, p.alert]));
const condition = (j: JudgedWatchlist | undefined, entityId: string, name: string) =>
  j?.people.find((p) => p.match.entityId === entityId)?.conditions.find((c) => c.condition === name);

const seed = () => read('witkoff-al-hayya.html');
const telegraph = () => read('telegraph.html');
const bbc = () => read('bbc-1.html');
const lemonde = () => read('lemonde-1.html');

describe('prominence on every match', () => {
  it('is title, lead or body, read off the seed story', () => {
    const j = judge(seed(), 'plain');
    const place = Object.fromEntries(j!.people.map((p) => [p.match.entityId, p.match.prominence]));
    // Witkoff is in the headline; Trump in the first paragraph; Kushner first in the fourth.
    expect(place).toEqual({ 'steve-witkoff': 'title', 'donald-trump': 'lead', 'jared-kushner': 'body' });
    expect(j!.people.every((p) => p.alert && p.conditions.length === 0 && p.match.rule === undefined)).toBe(true);
  });
});

describe('prominence: lead', () => {
  it('alerts for the people of the title and the first three paragraphs only (Telegraph)', () => {
    // Mugabe is in the title, Moyo and Kasukuwere in the second paragraph; Mukonori first
    // appears in the fourth, Mnangagwa in the seventh.
    expect(verdicts(judge(telegraph(), 'lead'))).toEqual({
      'robert-mugabe': true,
      'jonathan-moyo': true,
      'saviour-kasukuwere': true,
      'fidelis-mukonori': false,
      'emmerson-mnangagwa': false,
    });
  });

  it('does not count section labels left by the page as paragraphs (BBC: "US & Canada" twice before the story)', () => {
    // Sopel is named in the third paragraph of the story itself, the fifth block of the text.
    expect(verdicts(judge(bbc(), 'lead'))).toEqual({ 'barack-obama': true, 'jon-sopel': true });
    expect(condition(judge(bbc(), 'lead'), 'jon-sopel', 'prominence')).toMatchObject({ held: true, found: 'lead', source: 'watchlist' });
  });

  it('an entity may ask for the title instead (Trump in the seed story is in the lead, not the title)', () => {
    const j = judge(seed(), 'trump-title-only');
    expect(verdicts(j)).toEqual({ 'donald-trump': false, 'jared-kushner': false });
    expect(condition(j, 'donald-trump', 'prominence')).toMatchObject({ held: false, required: 'title', found: 'lead', source: 'entity' });
    expect(condition(j, 'jared-kushner', 'prominence')).toMatchObject({ held: false, required: 'lead', source: 'watchlist' });
  });
});

describe('minMentions', () => {
  it('counts title and body; an entity value replaces the watchlist one', () => {
    const j = judge(seed(), 'mentions');
    // Trump 3 times (2 needed); Kushner once, his own rule asks for 1.
    expect(verdicts(j)).toEqual({ 'donald-trump': true, 'jared-kushner': true });
    expect(condition(j, 'donald-trump', 'minMentions')).toMatchObject({ held: true, required: 2, found: 3, source: 'watchlist' });
    expect(condition(j, 'jared-kushner', 'minMentions')).toMatchObject({ held: true, required: 1, found: 1, source: 'entity' });
  });
});

describe('together', () => {
  it('alerts when enough of the watchlist meet in one story, and not otherwise', () => {
    expect(verdicts(judge(seed(), 'talks'))).toEqual({ 'steve-witkoff': true, 'khalil-al-hayya': true });
    expect(verdicts(judge(seed(), 'talks-with-absent'))).toEqual({ 'steve-witkoff': false });
    expect(condition(judge(seed(), 'talks-with-absent'), 'steve-witkoff', 'together')).toMatchObject({ held: false, found: ['steve-witkoff'] });
  });
});

describe('context and near', () => {
  it('reads context words in the story only: the related-links box names aid convoys and crossings', () => {
    const j = judge(seed(), 'chrome-context');
    expect(verdicts(j)).toEqual({ 'steve-witkoff': false });
    expect(condition(j, 'steve-witkoff', 'context')).toMatchObject({ held: false, found: [] });
  });

  it('matches context words with the names\' normalisation (CEASEFIRE finds "ceasefire"), in the same sentence', () => {
    const j = judge(seed(), 'ceasefire-near');
    // "ceasefire" shares a sentence with "Witkoff’s plans" but with no al-Hayya mention.
    expect(verdicts(j)).toEqual({ 'steve-witkoff': true, 'khalil-al-hayya': false });
    expect(condition(j, 'khalil-al-hayya', 'context')).toMatchObject({ held: true, found: ['CEASEFIRE'] });
    expect(condition(j, 'khalil-al-hayya', 'near')).toMatchObject({ held: false, required: 'sentence' });
  });

  it('counts words for a numeric near ("Hamas negotiator Khalil al-Hayya" in the title: one word apart)', () => {
    const j = judge(seed(), 'hamas-words');
    expect(condition(j, 'khalil-al-hayya', 'near')).toMatchObject({ held: true, found: ['hamas'] });
    // Witkoff is never within two words of "Hamas": "Witkoff set to meet Hamas" is three.
    expect(condition(j, 'steve-witkoff', 'near')).toMatchObject({ held: false });
  });
});

describe('languages', () => {
  it('takes the declared language, en matching en-GB', () => {
    expect(telegraph().language).toBe('en-GB');
    expect(verdicts(judge(telegraph(), 'english'))).toEqual({ 'robert-mugabe': true });
    expect(verdicts(judge(telegraph(), 'french'))).toEqual({ 'robert-mugabe': false });
    expect(verdicts(judge(lemonde(), 'french'))).toEqual({ 'laure-de-la-raudiere': true });
    expect(verdicts(judge(lemonde(), 'english'))).toEqual({ 'laure-de-la-raudiere': false });
  });

  it('detects the language of a page that declares none', () => {
    const undeclared = read('lemonde-1.html', (html) =>
      html.replace(/ lang="fr"/g, '').replace(/<meta name="DC.language"[^>]*>/, '').replace(/<meta property="og:locale"[^>]*>/, ''),
    );
    expect(undeclared).toMatchObject({ language: 'fr', languageDetected: true });
    expect(verdicts(judge(undeclared, 'french'))).toEqual({ 'laure-de-la-raudiere': true });
    expect(condition(judge(undeclared, 'english'), 'laure-de-la-raudiere', 'languages')).toMatchObject({ held: false, found: 'fr' });
  });
});

describe('rule report', () => {
  it('carries each condition that held with its source', () => {
    const witkoff = judge(seed(), 'talks')!.people.find((p) => p.match.entityId === 'steve-witkoff')!;
    expect(Object.keys(witkoff.match.rule!)).toEqual(['context', 'near', 'together', 'languages']);
    expect(witkoff.match.rule!.languages).toEqual({ required: ['en', 'ar'], found: 'en', source: 'watchlist' });
    expect(witkoff.match.rule!.together).toEqual({ required: 2, found: ['steve-witkoff', 'khalil-al-hayya'], source: 'watchlist' });
  });
});
