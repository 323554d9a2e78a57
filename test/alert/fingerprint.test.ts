import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fingerprintBands,
  fingerprintWords,
  hammingDistance,
  isNearDuplicate,
  textFingerprint,
} from '../../src/alert/fingerprint.js';

/** Human-made article bodies of 61 real pages (test/fixtures/stories/NOTICE.md). */
const corpus = new URL('../fixtures/stories/ground-truth.json', import.meta.url);
const pages = Object.entries(JSON.parse(readFileSync(corpus, 'utf8')) as Record<string, { articleBody: string }>).map(
  ([id, page]) => ({ id, text: page.articleBody }),
);
/** Below this a 3-bit threshold is not meaningful (see fingerprint.ts); real stories are longer. */
const MIN_WORDS = 150;
const longPages = pages.filter((p) => fingerprintWords(p.text).length >= MIN_WORDS);

/** The same wire story as another site prints it: dateline, footer, one word changed mid-story. */
function republish(text: string): string {
  const words = text.split(' ');
  const middle = Math.floor(words.length / 2);
  words[middle] = words[middle] === 'reportedly' ? 'allegedly' : 'reportedly';
  return `WASHINGTON (AP) —\n\n${words.join(' ')}\n\nAssociated Press writer Jane Doe contributed to this report.`;
}

/** Replaces one whole sentence in the middle of the text. */
function rewriteSentence(text: string): string {
  const sentences = text.split(/(?<=[.!?])\s+/);
  sentences[Math.floor(sentences.length / 2)] = 'An editor at the second site rewrote this sentence from scratch.';
  return sentences.join(' ');
}

describe('textFingerprint', () => {
  it('is 16 hex chars and deterministic', () => {
    const fp = textFingerprint(pages[0]!.text);
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
    expect(textFingerprint(pages[0]!.text)).toBe(fp);
    expect(textFingerprint('')).toBe('0000000000000000');
  });

  it('ignores case, punctuation, whitespace and compatibility forms', () => {
    const a = 'Steve Witkoff met Khalil al-Hayya in Cairo, officials said.';
    const b = '  STEVE  witkoff met khalil al hayya\nin Ｃａｉｒｏ — officials said!';
    expect(textFingerprint(a)).toBe(textFingerprint(b));
  });

  it('has the corpus’s distinct pages nowhere near each other', () => {
    expect(pages.length).toBeGreaterThanOrEqual(60);
    const fps = pages.map((p) => textFingerprint(p.text));
    let closest = 64;
    for (let i = 0; i < fps.length; i++) {
      for (let j = i + 1; j < fps.length; j++) closest = Math.min(closest, hammingDistance(fps[i]!, fps[j]!));
    }
    // Unrelated texts differ in about 32 bits; anything close to 3 would be a false match.
    expect(closest).toBeGreaterThan(10);
  });

  it.each(longPages.map((p) => [p.id.slice(0, 12), p.text] as const))(
    'finds the republished copy of page %s',
    (_id, text) => {
      const a = textFingerprint(text);
      const b = textFingerprint(republish(text));
      expect(isNearDuplicate(a, b)).toBe(true);
      // Pigeonhole: within 3 bits, at least one band is shared.
      const bandsA = new Set(fingerprintBands(a));
      expect(fingerprintBands(b).some((band) => bandsA.has(band))).toBe(true);
    },
  );

  it('tolerates a wholly rewritten sentence on most pages', () => {
    const found = longPages.filter((p) =>
      isNearDuplicate(textFingerprint(p.text), textFingerprint(rewriteSentence(p.text))),
    );
    // Measured 49 of 57 at the time of writing; a regression to SimHash-like behaviour drops below half.
    expect(found.length / longPages.length).toBeGreaterThan(0.75);
  });

  it('takes a long text in well under a frame', () => {
    const longest = pages.reduce((a, b) => (a.text.length > b.text.length ? a : b));
    const started = performance.now();
    textFingerprint(longest.text);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('hammingDistance / isNearDuplicate', () => {
  it('counts differing bits across both halves', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance('00000000FFFFFFFF', '00000000ffffffff')).toBe(0);
  });

  it('applies maxBits inclusively, default 3', () => {
    expect(isNearDuplicate('0000000000000007', '0000000000000000')).toBe(true);
    expect(isNearDuplicate('000000000000000f', '0000000000000000')).toBe(false);
    expect(isNearDuplicate('000000000000000f', '0000000000000000', 4)).toBe(true);
  });

  it('rejects malformed fingerprints', () => {
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(/^fingerprint: /);
  });
});

describe('fingerprintBands', () => {
  it('cuts 4 positional bands of 16 bits', () => {
    expect(fingerprintBands('0123456789ABCDEF')).toEqual(['0:0123', '1:4567', '2:89ab', '3:cdef']);
  });

  it('shares a band for every pair within 3 bits (pigeonhole)', () => {
    const fp = textFingerprint(pages[1]!.text);
    const flip = (hex: string, bit: number): string => {
      const i = Math.floor(bit / 4);
      return hex.slice(0, i) + (parseInt(hex[i]!, 16) ^ (8 >> bit % 4)).toString(16) + hex.slice(i + 1);
    };
    for (let trial = 0; trial < 500; trial++) {
      const bits = new Set<number>();
      while (bits.size < 3) bits.add(Math.floor(Math.random() * 64));
      let other = fp;
      for (const bit of bits) other = flip(other, bit);
      expect(hammingDistance(fp, other)).toBe(3);
      const shared = fingerprintBands(other).filter((band) => fingerprintBands(fp).includes(band));
      expect(shared.length).toBeGreaterThanOrEqual(1);
    }
  });
});
