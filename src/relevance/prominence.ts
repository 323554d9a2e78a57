/**
 * Prominence: the title, else the lead (the first three paragraphs of the
 * story's text, which extraction has already freed from most page chrome),
 * else the body. The text separates paragraphs with blank lines.
 *
 * A line of fewer than MIN_LEAD_WORDS words (a section label left by the
 * page, "US & Canada"; a byline; a dateline) is not one of the three: it
 * would push the story's real opening out of the lead.
 */
import { normalizeForMatch } from '../match/index.js';
import type { EntityMatch } from '../match/types.js';
import type { Prominence } from './types.js';

export const LEAD_PARAGRAPHS = 3;
export const MIN_LEAD_WORDS = 8;

const PARAGRAPH_BREAK = /\n[^\S\n]*\n\s*/g;

/** Offset in `text` where the lead ends (the end of its third paragraph, or the text's end). */
export function leadEnd(text: string, paragraphs = LEAD_PARAGRAPHS): number {
  let seen = 0;
  let from = text.search(/\S/); // leading blank lines open no paragraph
  if (from < 0) return 0;
  PARAGRAPH_BREAK.lastIndex = from;
  for (let m = PARAGRAPH_BREAK.exec(text); ; m = PARAGRAPH_BREAK.exec(text)) {
    const end = m ? m.index : text.length;
    if (isParagraph(text.slice(from, end)) && ++seen === paragraphs) return end;
    if (!m) return text.length;
    from = m.index + m[0].length;
  }
}

function isParagraph(block: string): boolean {
  // The words of its start are enough to tell, and a text with no breaks can be 1 MB.
  return normalizeForMatch(block.slice(0, 400)).tokens.length >= MIN_LEAD_WORDS;
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
