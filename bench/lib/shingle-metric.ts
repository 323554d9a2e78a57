/**
 * The article-extraction-benchmark metric (scrapinghub), reimplemented:
 * `\w+` tokens (case kept, punctuation dropped; Unicode-aware like Python's
 * `re`), consecutive 4-token shingles as multisets; per page TP/FP/FN are
 * normalised by their sum so every page weighs the same; precision and
 * recall are computed from the mean normalised counts over pages, F1 is
 * their harmonic mean.
 */

/** Python's Unicode `\w`: letters, digits/numbers and underscore. */
const TOKEN = /[\p{L}\p{N}_]+/gu;
export const SHINGLE_SIZE = 4;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Multiset of n-token shingles; a text shorter than n is one (short) shingle. */
export function shingles(text: string, n = SHINGLE_SIZE): Map<string, number> {
  const tokens = tokenize(text);
  const out = new Map<string, number>();
  const count = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < count; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

export interface PageCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** TP/FP/FN of one page, normalised to sum to 1. */
export function pageCounts(truth: string, predicted: string, n = SHINGLE_SIZE): PageCounts {
  const t = shingles(truth, n);
  const p = shingles(predicted, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, pc] of p) {
    const tc = t.get(k) ?? 0;
    tp += Math.min(pc, tc);
    fp += Math.max(0, pc - tc);
  }
  for (const [k, tc] of t) fn += Math.max(0, tc - (p.get(k) ?? 0));
  const sum = tp + fp + fn;
  return sum === 0 ? { tp: 0, fp: 0, fn: 0 } : { tp: tp / sum, fp: fp / sum, fn: fn / sum };
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 over pages from their normalised counts. */
export function aggregate(pages: PageCounts[]): Scores {
  if (pages.length === 0) return { precision: 0, recall: 0, f1: 0 };
  const mean = (k: keyof PageCounts): number => pages.reduce((a, p) => a + p[k], 0) / pages.length;
  const tp = mean('tp');
  const fp = mean('fp');
  const fn = mean('fn');
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Per-page scores (for ranking the worst pages). */
export function pageScores(c: PageCounts): Scores {
  return aggregate([c]);
}
