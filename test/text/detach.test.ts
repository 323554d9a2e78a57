import { describe, expect, it } from 'vitest';
import { detachString } from '../../src/text/detach.js';
import { retainedBytes } from '../helpers/heap.js';

describe('detachString', () => {
  it.each([
    ['', 'empty'],
    ['short', 'shorter than a view'],
    ['entry-content post-body', 'ASCII'],
    ['Witkoff’s envoy – الحية', 'beyond Latin-1'],
    ['lone \uD800 surrogate and more', 'a lone surrogate'],
  ])('gives back the same text (%s: %s)', (s) => {
    expect(detachString(s)).toBe(s);
  });

  it('keeps nothing of the string a slice was cut from', async () => {
    const kept: string[] = [];
    const sliced: string[] = [];
    const asIs = await retainedBytes(() => {
      for (let n = 0; n < 10; n++) sliced.push([`page ${n}`, 'x'.repeat(500_000), 'entry-content post-body'].join(' ').slice(-23));
    });
    const detached = await retainedBytes(() => {
      for (let n = 0; n < 10; n++) kept.push(detachString([`page ${n}`, 'x'.repeat(500_000), 'entry-content post-body'].join(' ').slice(-23)));
    });
    // A plain slice holds its 500 KB parent (this is why detachString exists)…
    expect(asIs).toBeGreaterThan(10 * 400_000);
    // …a detached copy holds only itself.
    expect(detached).toBeLessThan(100_000);
    expect(kept.every((s) => s === 'entry-content post-body')).toBe(true);
    expect(sliced).toEqual(kept);
  });
});
