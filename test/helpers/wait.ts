/**
 * Waiting in tests: on a condition with a deadline, never for a guessed time.
 * A test that must show something did NOT happen waits for the event that
 * would have caused it (a poll finished, the queues drained) and then looks.
 */

/**
 * Polls `check` until it returns a truthy value, and returns that value; throws
 * once `timeoutMs` has passed (naming `what`, when given, in the error).
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false | 0 | '' | Promise<T | undefined | null | false | 0 | ''>,
  timeoutMs = 10_000,
  stepMs = 50,
  what?: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: timed out after ${timeoutMs} ms${what ? ` waiting for ${what}` : ''}`);
    await sleep(stepMs);
  }
}

/**
 * Resolves after `ms`. For the servers tests run (a slow site, a receiver that
 * holds a request) and for pacing loops; never as a wait before an assertion.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
