import { describe, expect, it } from 'vitest';
import { remembersHost, takeLocalStart } from '../../workers/state/local-gap.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = (name: string) => `${name}-${Math.random()}`;

describe('takeLocalStart', () => {
  it('spaces the starts to one host by the gap, counted from when each left', async () => {
    const host = unique('gap');
    const left: number[] = [];
    await Promise.all(
      [0, 1, 2].map(async () => {
        const start = await takeLocalStart(host, 40);
        left.push(performance.now());
        start.leaving();
      }),
    );
    expect(left[1]! - left[0]!).toBeGreaterThanOrEqual(39);
    expect(left[2]! - left[1]!).toBeGreaterThanOrEqual(39);
  });

  it('holds the next start until the previous request has left, however late it leaves', async () => {
    const host = unique('late');
    const first = await takeLocalStart(host, 50);
    let secondAt: number | undefined;
    const second = takeLocalStart(host, 50).then((s) => {
      secondAt = performance.now();
      return s;
    });
    await sleep(120); // the first request is late leaving (its event loop was busy)
    expect(secondAt).toBeUndefined();
    const firstLeftAt = performance.now();
    first.leaving();
    (await second).leaving();
    expect(secondAt! - firstLeftAt).toBeGreaterThanOrEqual(49);
  });

  it('holds a start that comes just as the gap ends, since a timer can fire a little under its delay', async () => {
    // A forgotten host is not held at all, so forgetting it a fraction of a ms early let a start through short.
    const gapMs = 20;
    for (let i = 0; i < 25; i++) {
      const host = unique('edge');
      (await takeLocalStart(host, gapMs)).leaving();
      const firstLeftAt = performance.now();
      await sleep(gapMs); // a timer of the same delay, set just after the host's own
      (await takeLocalStart(host, gapMs)).leaving();
      expect(performance.now() - firstLeftAt).toBeGreaterThanOrEqual(gapMs);
    }
  });

  it('does not hold one host back for another', async () => {
    const busy = unique('busy');
    const other = unique('other');
    (await takeLocalStart(busy, 200)).leaving();
    const order: string[] = [];
    const waiting = takeLocalStart(busy, 200).then((s) => (s.leaving(), order.push(busy)));
    await takeLocalStart(other, 200).then((s) => (s.leaving(), order.push(other)));
    await waiting;
    expect(order).toEqual([other, busy]);
  });

  it('frees the host when a start never says it left (its request failed before going out)', async () => {
    const host = unique('silent');
    await takeLocalStart(host, 10, 60); // never calls leaving
    const t0 = performance.now();
    (await takeLocalStart(host, 10, 60)).leaving();
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(60);
    expect(waited).toBeLessThan(5_000);
  });

  it('forgets a host once its last start has left and the gap has passed, so idle hosts cost no memory', async () => {
    const hosts = [unique('idle-a'), unique('idle-b'), unique('idle-c')];
    const starts = await Promise.all(hosts.map((host) => takeLocalStart(host, 30)));
    expect(hosts.map(remembersHost)).toEqual([true, true, true]);
    for (const start of starts) start.leaving();
    expect(hosts.map(remembersHost)).toEqual([true, true, true]); // a start may still follow too closely
    await sleep(80);
    expect(hosts.map(remembersHost)).toEqual([false, false, false]);
  });
});
