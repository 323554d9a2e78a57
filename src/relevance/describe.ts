/** A `when` in words, for `newswatch validate`. */
import type { MentionRule, WatchlistRule } from '../config/types.js';
import { languageName } from './language.js';

export function describeRule(rule: WatchlistRule | MentionRule): string {
  const parts: string[] = [];
  if (rule.prominence === 'title') parts.push('the person is in the title');
  else if (rule.prominence === 'lead') parts.push('the person is in the title or the first three paragraphs');
  if (rule.minMentions !== undefined && rule.minMentions > 1) parts.push(`named at least ${rule.minMentions} times`);
  if (rule.context) {
    const where = rule.near === 'sentence' ? ' in the same sentence as the name' : typeof rule.near === 'number' ? ` within ${rule.near} words of the name` : '';
    parts.push(`the article has ${orList(rule.context)}${where}`);
  }
  const w = rule as WatchlistRule;
  if (w.together !== undefined && w.together > 1) parts.push(`at least ${w.together} of its people together`);
  if (w.languages) parts.push(`in ${orList(w.languages.map(languageName))}`);
  return parts.length > 0 ? `alerts only when ${parts.join(', ')}` : 'alerts on every mention';
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
