/**
 * The article's language for `languages`: the page's declared one, else
 * detected from the text by tinyld (ISO 639-1 codes, no model download, about
 * a tenth of a millisecond for the sample below: see bench/relevance.ts).
 */
import { detect } from 'tinyld';

/** Detection reads this much of the text: a language shows in its first paragraphs, and cost grows with length. */
const SAMPLE_CHARS = 1_000;
/** Under this many letters a guess is noise ("Gaza" alone is no language). */
const MIN_LETTERS = 40;

/** ISO 639-1 code of `text`, or undefined when there is too little text or no confident guess. */
export function detectLanguage(text: string): string | undefined {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  let letters = 0;
  for (const _ of sample.matchAll(/\p{L}/gu)) if (++letters >= MIN_LETTERS) break;
  if (letters < MIN_LETTERS) return undefined;
  const code = detect(sample);
  return code ? code : undefined;
}

/** The primary subtag, lower case: "en-GB" → "en", "AR" → "ar". */
export function primaryLanguage(tag: string | undefined): string | undefined {
  const primary = tag?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary ? primary : undefined;
}

const names = new Intl.DisplayNames(['en'], { type: 'language' });

/** "en" → "English", for messages. */
export function languageName(code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
