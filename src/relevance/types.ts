/**
 * What the rule step says about each person an article names (issue 13):
 * where the person appears and, when a `when` applies, which conditions held.
 */
import type { EntityMatch } from '../match/types.js';

/** The most prominent place a person appears: the title, the lead (first three paragraphs) or further down. */
export type Prominence = 'title' | 'lead' | 'body';

export type ConditionName = 'prominence' | 'minMentions' | 'context' | 'near' | 'together' | 'languages';

/** Where a condition's setting came from: the watchlist's `when` or the entity's own. */
export type RuleSource = 'watchlist' | 'entity';

export interface ConditionResult {
  condition: ConditionName;
  held: boolean;
  source: RuleSource;
  /** The setting, as the config gives it. */
  required: string | number | string[];
  /** What the article had: the place, the count, the words or people found, the language. */
  found: string | number | string[] | null;
  /** One line in words, for `scan` and `validate`. */
  why: string;
}

/** The webhook's `rule`: the conditions that held, by name. */
export type RuleReport = Partial<Record<ConditionName, { required: ConditionResult['required']; found: ConditionResult['found']; source: RuleSource }>>;

/** A matcher match with what the rule step adds to it. */
export interface RelevantMatch extends EntityMatch {
  prominence: Prominence;
  /** Present when a `when` applied to this person (and so every condition in it held). */
  rule?: RuleReport;
}

export interface PersonVerdict {
  match: RelevantMatch;
  /** Whether an alert goes for this person. */
  alert: boolean;
  /** Every condition checked, held or not; empty when no `when` applies. */
  conditions: ConditionResult[];
}

export interface JudgedWatchlist {
  watchlistId: string;
  people: PersonVerdict[];
}

/** What the rule step reads of an article. */
export interface RuleInput {
  title?: string;
  text: string;
  /** The page's declared language, else the detected one (BCP 47, e.g. en-GB). */
  language?: string;
}
