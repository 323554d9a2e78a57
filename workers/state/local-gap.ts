/**
 * The host gap kept once more, in this process, from the moment each request
 * really leaves.
 *
 * Why: the limiter grants starts on Redis's clock, but a request leaves when
 * this process's event loop gets to it. A lease answered while the loop is
 * busy extracting another page can go out tens of ms late, and the next
 * start, granted on time, then reaches the host less than a gap after it (the
 * burst bench saw 12 to 49 of 1,220 gaps under 240 ms at 250 ms, as small as
 * 199 ms). Here each start to a host waits for the previous start this
 * process made there to have left, and then for the gap counted from that
 * moment. It costs no round trip; between processes the Redis schedule, with
 * its 5 % margin, rules alone.
 */
export interface LocalStart {
  /** Call synchronously just before the request goes out (and again, harmlessly, when it is over). */
  leaving(): void;
}

/** Per host: when this process's latest start there left (a promise while it has not yet). */
const previous = new Map<string, Promise<number>>();
/** A start whose request never says it left (it failed before sending) stops holding its host back after this. */
export const LOCAL_HOLD_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until a request to `host` may leave, `gapMs` after this process's previous one there did. */
export async function takeLocalStart(host: string, gapMs: number, holdMs = LOCAL_HOLD_MS): Promise<LocalStart> {
  const before = previous.get(host);
  let settle!: (at: number) => void;
  const mine = new Promise<number>((resolve) => (settle = resolve));
  previous.set(host, mine);
  if (before !== undefined) {
    const leftAt = await before;
    for (;;) {
      const wait = leftAt + gapMs - performance.now();
      if (wait <= 0) break;
      await sleep(Math.ceil(wait));
    }
  }
  let left = false;
  const leaving = (): void => {
    if (left) return;
    left = true;
    clearTimeout(hold);
    settle(performance.now());
    // Forget the host once nothing of ours can follow too closely, so the map holds only busy hosts. One ms
    // more than the gap: a timer counts whole ms from the loop's clock and can fire just under `gapMs` by
    // performance.now() (the burst saw 249.5 ms between two starts without it).
    setTimeout(() => previous.get(host) === mine && previous.delete(host), gapMs + 1).unref();
  };
  const hold = setTimeout(leaving, holdMs);
  hold.unref();
  return { leaving };
}

/** Whether a start to `host` is still remembered (for tests: idle hosts must be forgotten). */
export function remembersHost(host: string): boolean {
  return previous.has(host);
}
