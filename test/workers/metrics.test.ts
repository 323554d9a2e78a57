import { afterEach, describe, expect, it } from 'vitest';
import { dropFeedSeriesExcept, metrics, registry } from '../../workers/runtime/metrics.js';

describe('feed schedule metrics', () => {
  afterEach(() => {
    metrics.feedInterval.reset();
    metrics.feedNextPoll.reset();
    metrics.feedFailures.reset();
  });

  it('drops the series of feeds that left the config and keeps the others', async () => {
    const kept = { feed: 'aaaa', url: 'https://kept.example/feed.xml' };
    const gone = { feed: 'bbbb', url: 'https://gone.example/feed.xml' };
    for (const labels of [kept, gone]) {
      metrics.feedInterval.set(labels, 300);
      metrics.feedNextPoll.set(labels, 1_800_000_000);
      metrics.feedFailures.set(labels, 0);
    }
    await dropFeedSeriesExcept(new Set(['aaaa']));
    const text = await registry.metrics();
    expect(text).toContain('newswatch_feed_poll_interval_seconds{feed="aaaa",url="https://kept.example/feed.xml"} 300');
    expect(text).toContain('newswatch_feed_next_poll_timestamp_seconds{feed="aaaa",url="https://kept.example/feed.xml"} 1800000000');
    expect(text).not.toContain('gone.example');
  });
});
