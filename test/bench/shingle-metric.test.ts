import { describe, expect, it } from 'vitest';
import { aggregate, pageCounts, shingles, tokenize } from '../../bench/lib/shingle-metric.js';

describe('shingle metric', () => {
  it('tokenizes on Unicode word characters, keeping case and dropping punctuation', () => {
    expect(tokenize('Hello, World! Ça va? Naïve_test 42%')).toEqual(['Hello', 'World', 'Ça', 'va', 'Naïve_test', '42']);
    expect(tokenize('')).toEqual([]);
  });

  it('counts 4-token shingles as a multiset', () => {
    const s = shingles('a b c d a b c d');
    expect(s.get(['a', 'b', 'c', 'd'].join('\u0001'))).toBe(2);
    expect([...s.values()].reduce((x, y) => x + y, 0)).toBe(5);
  });

  it('treats a text shorter than four tokens as one shingle', () => {
    expect(shingles('two words').size).toBe(1);
  });

  it('normalises per-page counts to sum to one', () => {
    const c = pageCounts('one two three four five six', 'one two three four five seven');
    // truth shingles: 1-4, 2-5, 3-6; predicted: 1-4, 2-5, 3-7 → TP 2, FP 1, FN 1.
    expect(c.tp).toBeCloseTo(0.5);
    expect(c.fp).toBeCloseTo(0.25);
    expect(c.fn).toBeCloseTo(0.25);
  });

  it('scores a perfect extraction 1 and an empty one 0', () => {
    const text = 'The quick brown fox jumps over the lazy dog';
    expect(aggregate([pageCounts(text, text)])).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(aggregate([pageCounts(text, '')]).f1).toBe(0);
  });

  it('weighs every page the same, whatever its length', () => {
    const long = Array.from({ length: 500 }, (_, i) => `w${i}`).join(' ');
    const short = 'alpha beta gamma delta epsilon';
    const perfectLong = pageCounts(long, long);
    const missedShort = pageCounts(short, 'something else entirely here now');
    const s = aggregate([perfectLong, missedShort]);
    // Means of normalised counts: TP 0.5, FP 0.25, FN 0.25 → 2/3 each; raw sums
    // would let the long page dominate (≈ 0.996).
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 3);
  });
});
