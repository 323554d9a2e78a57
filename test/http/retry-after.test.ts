import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/http/retry-after.js';

const NOW = Date.parse('2026-11-26T06:00:00.000Z');

describe('parseRetryAfter', () => {
  it.each([
    { value: '0', expected: 0 },
    { value: '120', expected: 120_000 },
    { value: ' 30 ', expected: 30_000 },
    { value: 'Thu, 26 Nov 2026 06:00:30 GMT', expected: 30_000 },
    { value: 'Thu, 26 Nov 2026 07:00:00 GMT', expected: 3_600_000 },
    // A date in the past means "now", never a negative wait.
    { value: 'Thu, 26 Nov 2026 05:00:00 GMT', expected: 0 },
    // Obsolete RFC 850 and asctime forms are still HTTP-dates.
    { value: 'Thursday, 26-Nov-26 06:01:00 GMT', expected: 60_000 },
    { value: 'Thu Nov 26 06:00:10 2026', expected: 10_000 },
  ])('reads $value as $expected ms', ({ value, expected }) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([undefined, '', '   ', '-5', '1.5', 'soon', 'Thu, 99 Foo 2026', '1e3'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});
