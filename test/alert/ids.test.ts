import { describe, expect, it } from 'vitest';
import { alertId } from '../../src/alert/ids.js';

describe('alertId', () => {
  it('is deterministic and shaped like a Standard Webhooks message id', () => {
    const a = alertId('story-1', 'mideast', 'ops');
    expect(a).toBe(alertId('story-1', 'mideast', 'ops'));
    expect(a).toMatch(/^msg_[0-9a-f]{32}$/);
  });

  it('differs across story, watchlist and webhook', () => {
    const ids = new Set([
      alertId('story-1', 'mideast', 'ops'),
      alertId('story-2', 'mideast', 'ops'),
      alertId('story-1', 'europe', 'ops'),
      alertId('story-1', 'mideast', 'slack'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('does not confuse parts that concatenate alike', () => {
    expect(alertId('a|b', 'c', 'd')).not.toBe(alertId('a', 'b|c', 'd'));
    expect(alertId('ab', 'c', 'd')).not.toBe(alertId('a', 'bc', 'd'));
  });

  it('gives newly alerted entities their own id, independent of order and repeats', () => {
    const first = alertId('story-1', 'mideast', 'ops');
    const kushner = alertId('story-1', 'mideast', 'ops', ['jared-kushner']);
    const two = alertId('story-1', 'mideast', 'ops', ['jared-kushner', 'steve-witkoff']);
    expect(new Set([first, kushner, two]).size).toBe(3);
    expect(alertId('story-1', 'mideast', 'ops', ['steve-witkoff', 'jared-kushner', 'jared-kushner'])).toBe(two);
    expect(alertId('story-1', 'mideast', 'ops', [])).toBe(first);
  });
});
