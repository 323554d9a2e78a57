/**
 * Prominence: the title, else the lead (the first three paragraphs of the
 * story's text, which extraction has already freed from page chrome), else
 * the body. The text separates paragraphs with blank lines.
 */
import type { EntityMatch } from '../match/types.js';
import type { Prominence } from './types.js';

export const LEAD_PARAGRAPHS = 3;

const PARAGRAPH_BREAK = /\n[^\S\n]*\n\s*/g;

/** Offset in `text` where the lead ends (the end of its third paragraph, or the text's end). */
export function leadEnd(text: string, paragraphs = LEAD_PARAGRAPHS): number {
  PARAGRAPH_BREAK.lastIndex = 0;
  let seen = 0;
  // Leading blank lines do not open a paragraph.
  const first = text.search(/\S/);
  if (first < 0) return 0;
  PARAGRAPH_BREAK.lastIndex = first;
  for (let m = PARAGRAPH_BREAK.exec(text); m; m = PARAGRAPH_BREAK.exec(text)) {
    seen++;
    if (seen === paragraphs) return m.index;
  }
  return text.length;
}

export function prominenceOf(offsets: EntityMatch['offsets'], lead: number): Prominence {
  if (offsets.some((o) => o.field === 'title')) return 'title';
  if (offsets.some((o) => o.field === 'text' && o.start < lead)) return 'lead';
  return 'body';
}

/** Whether a place meets a `prominence` setting. */
export function meetsProminence(place: Prominence, required: 'any' | 'lead' | 'title'): boolean {
  if (required === 'any') return true;
  if (required === 'title') return place === 'title';
  return place === 'title' || place === 'lead';
}
