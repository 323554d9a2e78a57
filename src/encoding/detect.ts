import { detect } from 'jschardet';
import { normalizeCharset } from './charset.js';

/** How many bytes the detector reads: enough for statistics, bounded for big bodies. */
const DETECT_MAX_BYTES = 64 * 1024;

/**
 * Guesses the legacy charset of bytes that carry no declaration and are not
 * valid UTF-8 (Big5, EUC-JP, KOI8-R, windows-1255, ...). Any guess the
 * detector makes beats U+FFFD replacement, so low confidence is accepted;
 * windows-1252 is the last resort because every byte decodes under it.
 */
export function detectLegacyCharset(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, DETECT_MAX_BYTES);
  try {
    const guess = detect(sample);
    const charset = normalizeCharset(guess.encoding);
    if (charset && charset !== 'utf-16' && charset !== 'utf-32') return charset;
  } catch {
    // The detector is a heuristic; a failure in it must not fail the decode.
  }
  return 'windows-1252';
}
