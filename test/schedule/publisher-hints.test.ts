import { describe, expect, it } from 'vitest';
import { cacheHint, type CacheHint } from '../../src/schedule/publisher-hints.js';
import { NOW } from './histories.js';

const http = (ms: number) => new Date(ms).toUTCString();

describe('cacheHint', () => {
  it.each<{ headers: Record<string, string>; expected: CacheHint }>([
    { headers: { 'cache-control': 'public, max-age=1800' }, expected: { ms: 1_800_000, source: 'cache-control' } },
    { headers: { 'cache-control': 'max-age="600"' }, expected: { ms: 600_000, source: 'cache-control' } },
    { headers: { 'cache-control': 's-maxage=900' }, expected: { ms: 900_000, source: 'cache-control' } },
    { headers: { 'cache-control': 'max-age=300, s-maxage=900' }, expected: { ms: 300_000, source: 'cache-control' } },
    { headers: { 'cache-control': 'max-age=1800', age: '1500' }, expected: { ms: 300_000, source: 'cache-control' } },
    { headers: { 'cache-control': 'max-age=60', age: '600' }, expected: { ms: 0, source: 'cache-control' } },
    // max-age wins over Expires.
    { headers: { 'cache-control': 'max-age=60', expires: http(NOW + 3_600_000) }, expected: { ms: 60_000, source: 'cache-control' } },
    { headers: { expires: http(NOW + 3_600_000) }, expected: { ms: 3_600_000, source: 'expires' } },
    // Expires is read against the server's Date, so a skewed clock does not matter.
    { headers: { date: http(NOW - 86_400_000), expires: http(NOW - 86_400_000 + 7_200_000) }, expected: { ms: 7_200_000, source: 'expires' } },
    { headers: { expires: '0' }, expected: { ms: 0, source: 'expires' } },
    { headers: { expires: http(NOW - 60_000) }, expected: { ms: 0, source: 'expires' } },
  ])('reads $headers', ({ headers, expected }) => {
    expect(cacheHint(headers, NOW)).toEqual(expected);
  });

  it.each<Record<string, string> | undefined>([undefined, {}, { 'cache-control': 'no-cache' }, { 'cache-control': 'no-store, must-revalidate' }, { 'cache-control': 'max-age=abc' }])(
    'finds nothing in %j',
    (headers) => {
      expect(cacheHint(headers, NOW)).toBeUndefined();
    },
  );
});
