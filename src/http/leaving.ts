import type { Dispatcher } from 'undici';

/**
 * The moment a request really leaves: undici calls a handler's
 * onRequestStart synchronously just before it writes the request onto a
 * socket. The host limiter counts its gap from then (workers/state/local-gap.ts).
 *
 * Why not just before calling `request()`: undici does not always write at
 * once. The burst bench saw the write come up to 97 ms after the call (p99
 * 38 ms) on a busy worker, so a start counted from the call could reach the
 * host well under a gap after the one before it.
 */

/** The dispatch option that carries the callback (a symbol: undici copies it through and ignores it). */
export const ON_LEAVING = Symbol('newswatch.onLeaving');

type LeavingOptions = Dispatcher.DispatchOptions & { [ON_LEAVING]?: () => void };

/** `dispatcher`, calling each request's `[ON_LEAVING]` option as its request is written. */
export function withLeavingHook(dispatcher: Dispatcher): Dispatcher {
  return dispatcher.compose((dispatch) => (opts: LeavingOptions, handler) => {
    const onLeaving = opts[ON_LEAVING];
    return dispatch(opts, onLeaving ? new LeavingHandler(handler, onLeaving) : handler);
  });
}

/** Passes every event through; calls `onLeaving` once, at the first request start. */
class LeavingHandler implements Dispatcher.DispatchHandler {
  private onLeaving: (() => void) | undefined;

  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    onLeaving: () => void,
  ) {
    this.onLeaving = onLeaving;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    const onLeaving = this.onLeaving;
    this.onLeaving = undefined;
    onLeaving?.();
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onRequestUpgrade']>>): void {
    this.inner.onRequestUpgrade?.(...args);
  }

  onResponseStart(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>): void {
    this.inner.onResponseStart?.(...args);
  }

  onResponseData(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseData']>>): void {
    this.inner.onResponseData?.(...args);
  }

  onResponseEnd(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseEnd']>>): void {
    this.inner.onResponseEnd?.(...args);
  }

  onResponseError(...args: Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseError']>>): void {
    this.inner.onResponseError?.(...args);
  }
}
