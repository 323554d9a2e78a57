import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/index.js';
import { retainedBytes, uniquePage } from '../helpers/heap.js';

const FIXTURE = readFileSync(join(__dirname, '../fixtures/articles/real-taz-commentary.html'), 'utf8');
const PAGES = 30;
const PAD = 400_000;

describe('extraction memory', () => {
  it('keeps nothing of a page once it has returned, even where it caches class names across pages', async () => {
    // Every page brings class names never seen before, so each adds entries to the name cache (src/extract/clean.ts).
    // Compiled code and first-use tables are not what this measures.
    extractArticle(uniquePage(FIXTURE, -1, 1_000), 'https://example.org/warm-up');
    const texts: number[] = [];
    const retained = await retainedBytes(() => {
      for (let n = 0; n < PAGES; n++) texts.push(extractArticle(uniquePage(FIXTURE, n, PAD), `https://example.org/${n}`).text.length);
    });
    // The extraction did its work on every page…
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toBeGreaterThan(1_000);
    // …and the pages (30 x 400 KB and more) went with it: what stays is the
    // cache's own entries and the last page (the parser's scratch state).
    expect(retained).toBeLessThan((PAGES * PAD) / 6);
  });
});
