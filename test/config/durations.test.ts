import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, parseByteSize, parseDuration } from '../../src/config/index.js';

describe('parseDuration', () => {
  it.each([
    ['10s', 10_000],
    ['5m', 300_000],
    ['1.5h', 5_400_000],
    ['6h', 21_600_000],
    ['1d', 86_400_000],
    ['500ms', 500],
    [' 2m ', 120_000],
    ['0.5s', 500],
  ])('%j is %d ms', (s, ms) => {
    expect(parseDuration(s)).toBe(ms);
  });

  it.each(['', '5', 'm', '5 minutes', '-5m', '1h30m', 'auto', '5M', '1.h'])('rejects %j', (s) => {
    expect(() => parseDuration(s)).toThrow(/^config: /);
  });
});

describe('parseByteSize', () => {
  it.each([
    [1024, 1024],
    ['1024', 1024],
    ['5MB', 5_000_000],
    ['5mb', 5_000_000],
    ['512KB', 512_000],
    ['512KiB', 524_288],
    ['1MiB', 1_048_576],
    ['1GiB', 1_073_741_824],
    ['2GB', 2_000_000_000],
    ['1.5MB', 1_500_000],
    ['10 B', 10],
  ])('%j is %d bytes', (s, n) => {
    expect(parseByteSize(s)).toBe(n);
  });

  it.each(['', 'lots', '5XB', '5 M', 'MB', -1, 1.5])('rejects %j', (s) => {
    expect(() => parseByteSize(s)).toThrow(/^config: /);
  });
});

describe('formatting', () => {
  it('renders durations in the largest fitting unit', () => {
    expect(formatDuration(300_000)).toBe('5m');
    expect(formatDuration(5_400_000)).toBe('1.5h');
    expect(formatDuration(86_400_000)).toBe('24h');
    expect(formatDuration(172_800_000)).toBe('2d');
    expect(formatDuration(15_000)).toBe('15s');
    expect(formatDuration(250)).toBe('250ms');
  });

  it('renders sizes in decimal units, round-tripping through parseByteSize', () => {
    expect(formatBytes(5_000_000)).toBe('5MB');
    expect(parseByteSize(formatBytes(2_500_000))).toBe(2_500_000);
    expect(formatBytes(999)).toBe('999B');
    expect(formatBytes(2 * 1024 * 1024)).toBe('2MiB');
    expect(parseByteSize(formatBytes(512 * 1024))).toBe(512 * 1024);
  });
});
