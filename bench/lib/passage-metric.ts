/**
 * trafilatura's evaluation metric (its tests/eval_common.py), reimplemented:
 * whitespace runs collapse to one space in the extracted text and in every
 * passage; a `with` passage found as a substring is a true positive, a missed
 * one a false negative; a `without` passage found is a false positive.
 * Counts are summed over pages (a page with more passages weighs more), then
 * precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN).
 */

export interface PassageCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

export function passageCounts(extracted: string, withPassages: string[], withoutPassages: string[]): PassageCounts {
  const text = collapse(extracted);
  const c: PassageCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const p of withPassages) {
    if (text.includes(collapse(p))) c.tp++;
    else c.fn++;
  }
  for (const p of withoutPassages) {
    if (text.includes(collapse(p))) c.fp++;
    else c.tn++;
  }
  return c;
}

export interface PassageScores {
  precision: number;
  recall: number;
  f1: number;
}

export function passageScores(pages: PassageCounts[]): PassageScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const p of pages) {
    tp += p.tp;
    fp += p.fp;
    fn += p.fn;
  }
  return {
    precision: tp + fp === 0 ? 0 : tp / (tp + fp),
    recall: tp + fn === 0 ? 0 : tp / (tp + fn),
    f1: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
  };
}
