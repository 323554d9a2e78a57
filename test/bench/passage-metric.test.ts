import { describe, expect, it } from 'vitest';
import { splitOf } from '../../bench/lib/corpus.js';
import { passageCounts, passageScores } from '../../bench/lib/passage-metric.js';

describe("trafilatura's passage metric", () => {
  it('counts `with` passages found as TP, missed as FN, and `without` passages found as FP, whitespace collapsed', () => {
    const text = 'The minister  said\non Monday that the plan stands.\n\nShare this article';
    const c = passageCounts(text, ['minister said on Monday', 'the plan stands.', 'was never found'], ['Share this article', 'Cookie settings']);
    expect(c).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
  });

  it('sums over pages before dividing (pages with more passages weigh more)', () => {
    const s = passageScores([
      { tp: 3, fp: 0, fn: 0, tn: 3 },
      { tp: 0, fp: 1, fn: 1, tn: 0 },
    ]);
    expect(s.precision).toBeCloseTo(3 / 4);
    expect(s.recall).toBeCloseTo(3 / 4);
    expect(s.f1).toBeCloseTo(6 / 8);
  });

  it('scores an empty run as zero, not NaN', () => {
    expect(passageScores([])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('held-out split', () => {
  it('is a fixed function of the page id and holds out about a third', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => `page-${i}`);
    expect(ids.map(splitOf)).toEqual(ids.map(splitOf));
    const held = ids.filter((id) => splitOf(id) === 'held-out').length;
    expect(held / ids.length).toBeGreaterThan(0.3);
    expect(held / ids.length).toBeLessThan(0.37);
  });
});
