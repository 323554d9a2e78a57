import { describe, expect, it } from 'vitest';
import { digestId, digestWindowAt, nextDigestWindow, windowKey } from '../../src/alert/digest-window.js';
import { parseDigest } from '../../src/config/digest.js';

const at = (iso: string) => Date.parse(iso);
const iso = (w: { start: number; end: number }) => [new Date(w.start).toISOString(), new Date(w.end).toISOString()];

describe('digest windows', () => {
  it('1h windows are the full UTC hours; the end belongs to the next window', () => {
    const hour = parseDigest('1h');
    expect(iso(digestWindowAt(hour, at('2026-12-01T07:59:59.999Z')))).toEqual(['2026-12-01T07:00:00.000Z', '2026-12-01T08:00:00.000Z']);
    expect(iso(digestWindowAt(hour, at('2026-12-01T08:00:00.000Z')))).toEqual(['2026-12-01T08:00:00.000Z', '2026-12-01T09:00:00.000Z']);
    expect(iso(digestWindowAt(parseDigest('15m'), at('2026-12-01T07:31:00Z')))).toEqual(['2026-12-01T07:30:00.000Z', '2026-12-01T07:45:00.000Z']);
    expect(iso(digestWindowAt(parseDigest('1d'), at('2026-12-01T23:00:00Z')))).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z']);
  });

  it('daily windows end at the local time in the zone', () => {
    const berlin = parseDigest('daily 08:00 Europe/Berlin');
    // 08:00 in Berlin is 07:00 UTC in winter.
    expect(iso(digestWindowAt(berlin, at('2026-12-01T06:59:00Z')))).toEqual(['2026-11-30T07:00:00.000Z', '2026-12-01T07:00:00.000Z']);
    expect(iso(digestWindowAt(berlin, at('2026-12-01T07:00:00Z')))).toEqual(['2026-12-01T07:00:00.000Z', '2026-12-02T07:00:00.000Z']);
  });

  it('daily windows are 23 or 25 hours long across a DST change, and still end at the local time', () => {
    const berlin = parseDigest('daily 08:00 Europe/Berlin');
    // Clocks go forward on 2026-03-29: 08:00 CEST is 06:00 UTC.
    const spring = digestWindowAt(berlin, at('2026-03-29T05:00:00Z'));
    expect(iso(spring)).toEqual(['2026-03-28T07:00:00.000Z', '2026-03-29T06:00:00.000Z']);
    expect(spring.end - spring.start).toBe(23 * 3600_000);
    // Back on 2026-10-25.
    const autumn = digestWindowAt(berlin, at('2026-10-25T06:30:00Z'));
    expect(iso(autumn)).toEqual(['2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z']);
    expect(autumn.end - autumn.start).toBe(25 * 3600_000);
    // A time inside the spring gap moves forward by the gap.
    const gap = digestWindowAt(parseDigest('daily 02:30 Europe/Berlin'), at('2026-03-29T00:00:00Z'));
    expect(new Date(gap.end).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('the next window starts where one ends; ids carry the start without ":"', () => {
    const hour = parseDigest('1h');
    const w = digestWindowAt(hour, at('2026-12-01T07:10:00Z'));
    expect(nextDigestWindow(hour, w).start).toBe(w.end);
    expect(windowKey(w.start)).toBe('20261201T070000Z');
    expect(digestId('ops', w.start)).toBe('digest_ops_20261201T070000Z');
  });
});
