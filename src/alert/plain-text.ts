/**
 * Defensive clean-up of text that goes into an alert. Matching hands us plain
 * text already, but a snippet comes from a third-party page and a receiver may
 * paste it into HTML or a chat: drop anything that looks like markup and every
 * control character rather than trust the upstream stage.
 */

// Elements whose content is never readable text.
const HIDDEN_ELEMENTS = /<(script|style|noscript|template|iframe|object)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
// A tag or comment: "<" followed by a letter, "/" or "!". A bare "3 < 5" is kept.
const TAG = /<!--[\s\S]*?-->|<\/?[a-z][^>]*>|<![^>]*>/gi;
// An unterminated tag at the end (a snippet cut mid-tag).
const TRAILING_TAG = /<\/?[a-z][^>]*$/i;
// C0/C1 controls, DEL, zero-width and bidi-override characters.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Plain text on one line: markup removed, control characters removed, whitespace collapsed. */
export function toPlainText(value: string): string {
  return value
    .replace(HIDDEN_ELEMENTS, ' ')
    .replace(TAG, ' ')
    .replace(TRAILING_TAG, ' ')
    .replace(CONTROL, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
