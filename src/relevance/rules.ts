/**
 * The rule step: which of the people an article names should alert.
 *
 * 1. Without a `when` (on the watchlist or the entity) every mention alerts,
 *    as before; the match still carries its `prominence`.
 * 2. An entity's `when` keys replace the watchlist's, key by key (a list
 *    replaces a list). `together` and `languages` are the watchlist's only.
 * 3. A person alerts when every condition set for them holds:
 *    - prominence: the person is in the title (`title`), or in the title or
 *      the first three paragraphs (`lead`);
 *    - minMentions: the person is named at least that often (title and body);
 *    - context: one of the words or phrases is in the article;
 *    - near: ...and one such occurrence is in the same sentence as a mention
 *      of the person, or within that many words of one;
 *    - together: at least that many of the watchlist's people are named;
 *    - languages: the article's primary language (declared, else detected) is
 *      one of them; an article of unknown language does not pass.
 * Pure: no I/O, compiled once per config like the matcher.
 */
import type { EntityConfig, MentionRule, WatchlistConfig, WatchlistRule } from '../config/types.js';
import type { WatchlistMatch } from '../match/types.js';
import { compileContext, isNear, type ContextIndex, type Offset } from './context.js';
import { languageName, primaryLanguage } from './language.js';
import { leadEnd, meetsProminence, prominenceOf } from './prominence.js';
import type { ConditionResult, JudgedWatchlist, PersonVerdict, RelevantMatch, RuleInput, RuleReport, RuleSource } from './types.js';

/** One person's rule after step 2, each key with where it came from. */
export interface EffectiveRule {
  prominence?: { value: NonNullable<MentionRule['prominence']>; source: RuleSource };
  minMentions?: { value: number; source: RuleSource };
  context?: { value: string[]; source: RuleSource };
  near?: { value: 'sentence' | number; source: RuleSource };
  together?: { value: number; source: RuleSource };
  languages?: { value: string[]; source: RuleSource };
}

export function effectiveRule(wl: Pick<WatchlistConfig, 'when'>, entity: Pick<EntityConfig, 'when'>): EffectiveRule | undefined {
  if (!wl.when && !entity.when) return undefined;
  const rule: EffectiveRule = {};
  const mentionKeys = ['prominence', 'minMentions', 'context', 'near'] as const;
  for (const key of mentionKeys) {
    const own = entity.when?.[key];
    const shared = wl.when?.[key];
    if (own !== undefined) (rule as Record<string, unknown>)[key] = { value: own, source: 'entity' };
    else if (shared !== undefined) (rule as Record<string, unknown>)[key] = { value: shared, source: 'watchlist' };
  }
  const w: WatchlistRule | undefined = wl.when;
  if (w?.together !== undefined) rule.together = { value: w.together, source: 'watchlist' };
  if (w?.languages !== undefined) rule.languages = { value: w.languages, source: 'watchlist' };
  return rule;
}

export interface Relevance {
  /** Every person of every matched watchlist with the verdict on them. */
  judge(article: RuleInput, found: WatchlistMatch[]): JudgedWatchlist[];
}

export function compileRelevance(watchlists: WatchlistConfig[]): Relevance {
  const rules = new Map<string, Map<string, EffectiveRule | undefined>>();
  const phrases: string[] = [];
  for (const wl of watchlists) {
    const byEntity = new Map<string, EffectiveRule | undefined>();
    for (const e of wl.entities) {
      const rule = effectiveRule(wl, e);
      byEntity.set(e.id, rule);
      if (rule?.context) phrases.push(...rule.context.value);
    }
    rules.set(wl.id, byEntity);
  }
  const context = compileContext(phrases);

  return {
    judge(article, found) {
      const lead = leadEnd(article.text);
      let contextHits: Map<number, Offset[]> | undefined;
      const hitsOf = () => (contextHits ??= context.find(article));
      return found.map((wl) => {
        const byEntity = rules.get(wl.watchlistId);
        const people = wl.matches.map((m): PersonVerdict => {
          const match: RelevantMatch = { ...m, prominence: prominenceOf(m.offsets, lead) };
          const rule = byEntity?.get(m.entityId);
          if (!rule) return { match, alert: true, conditions: [] };
          const conditions = checkRule(rule, match, { article, together: wl.matches.map((x) => x.entityId), context, hitsOf });
          const alert = conditions.every((c) => c.held);
          if (alert) match.rule = reportOf(conditions);
          return { match, alert, conditions };
        });
        return { watchlistId: wl.watchlistId, people };
      });
    },
  };
}

/** The alerting people only, in the matcher's shape: what goes to the webhooks. */
export function alertingMatches(judged: JudgedWatchlist[]): Array<{ watchlistId: string; matches: RelevantMatch[] }> {
  return judged
    .map((wl) => ({ watchlistId: wl.watchlistId, matches: wl.people.filter((p) => p.alert).map((p) => p.match) }))
    .filter((wl) => wl.matches.length > 0);
}

interface RuleContext {
  article: RuleInput;
  together: string[];
  context: ContextIndex;
  hitsOf(): Map<number, Offset[]>;
}

function checkRule(rule: EffectiveRule, match: RelevantMatch, cx: RuleContext): ConditionResult[] {
  const out: ConditionResult[] = [];
  if (rule.prominence) {
    const { value, source } = rule.prominence;
    const held = meetsProminence(match.prominence, value);
    const place = { title: 'in the title', lead: 'in the first three paragraphs', body: 'only below the first three paragraphs' }[match.prominence];
    const needed = value === 'title' ? 'the title needed' : 'the title or the first three paragraphs needed';
    out.push({ condition: 'prominence', held, source, required: value, found: match.prominence, why: `named ${place}${held ? '' : `, ${needed}`}` });
  }
  if (rule.minMentions) {
    const { value, source } = rule.minMentions;
    out.push({ condition: 'minMentions', held: match.count >= value, source, required: value, found: match.count, why: `named ${times(match.count)}, ${value} needed` });
  }
  if (rule.context) {
    const { value, source } = rule.context;
    const hits = cx.hitsOf();
    const present = value.filter((p) => hits.has(cx.context.phraseId(p)));
    out.push({
      condition: 'context', held: present.length > 0, source, required: value, found: present,
      why: present.length > 0 ? `article has ${present.join(', ')}` : `none of ${value.join(', ')} in the article`,
    });
    if (rule.near) {
      const near = rule.near;
      const fields = { title: cx.article.title ?? '', text: cx.article.text };
      const close = present.filter((p) =>
        (hits.get(cx.context.phraseId(p)) ?? []).some((c) => match.offsets.some((m) => isNear(m, c, near.value, fields))),
      );
      const span = near.value === 'sentence' ? 'the same sentence as the name' : `${near.value} words of the name`;
      out.push({
        condition: 'near', held: close.length > 0, source: near.source, required: near.value, found: close,
        why: close.length > 0 ? `${close.join(', ')} within ${span}` : `no context word within ${span}`,
      });
    }
  }
  if (rule.together) {
    const { value, source } = rule.together;
    const n = cx.together.length;
    out.push({ condition: 'together', held: n >= value, source, required: value, found: cx.together, why: `${n} of the watchlist's people named, ${value} needed` });
  }
  if (rule.languages) {
    const { value, source } = rule.languages;
    const lang = primaryLanguage(cx.article.language);
    const held = lang !== undefined && value.includes(lang);
    out.push({
      condition: 'languages', held, source, required: value, found: lang ?? null,
      why: lang ? `article in ${languageName(lang)}` : 'article language unknown',
    });
  }
  return out;
}

function reportOf(conditions: ConditionResult[]): RuleReport {
  const report: RuleReport = {};
  for (const c of conditions) report[c.condition] = { required: c.required, found: c.found, source: c.source };
  return report;
}

const times = (n: number) => (n === 1 ? 'once' : `${n} times`);
