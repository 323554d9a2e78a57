import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintBands, textFingerprint } from '../../src/alert/fingerprint.js';
import { keys } from '../../workers/state/keys.js';
import {
  alertedEntities,
  markDelivered,
  recordAlertedEntities,
  resolveStory,
  STORY_WINDOW_MS,
  wasDelivered,
} from '../../workers/state/stories.js';
import { startTestRedis } from '../helpers/redis.js';

const NOW = Date.UTC(2026, 10, 26, 6, 0, 0);
const HOUR = 3600 * 1000;

/** Two real, unrelated stories (the fingerprint needs real text of real length). */
const bodies = Object.values(
  JSON.parse(readFileSync(new URL('../fixtures/stories/ground-truth.json', import.meta.url), 'utf8')) as Record<string, { articleBody: string }>,
)
  .map((p) => p.articleBody)
  .filter((t) => t.split(/\s+/).length > 300);
const storyA = bodies[0]!;
const storyB = bodies[1]!;

/** Flips the lowest `bits` bits of a fingerprint: a copy that differs in exactly that many bits. */
function flipBits(fp: string, bits: number): string {
  const value = BigInt(`0x${fp}`) ^ ((1n << BigInt(bits)) - 1n);
  return value.toString(16).padStart(16, '0');
}

describe('stories (real Redis)', () => {
  let server: Awaited<ReturnType<typeof startTestRedis>>;
  let redis: Redis;
  const article = () => `art-${randomUUID()}`;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
  });
  // Stories from one test would join those of the next: each starts on an empty Redis.
  beforeEach(async () => {
    await redis.flushdb();
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it('starts a new story under the article’s own id, and finds it again by that id', async () => {
    const id = article();
    const fp = textFingerprint(storyA);
    expect(await resolveStory(redis, { articleId: id, fingerprint: fp, now: NOW })).toEqual({ storyId: id, duplicateOf: undefined });
    expect(await resolveStory(redis, { articleId: id, fingerprint: fp, now: NOW + 1000 })).toEqual({ storyId: id, duplicateOf: undefined });
  });

  it('joins a near-identical text under another URL to the first story (within 3 bits)', async () => {
    const first = article();
    const fp = textFingerprint(storyA);
    await resolveStory(redis, { articleId: first, fingerprint: fp, now: NOW });
    const copy = article();
    expect(await resolveStory(redis, { articleId: copy, fingerprint: flipBits(fp, 3), now: NOW + HOUR })).toEqual({ storyId: first, duplicateOf: 'text' });
    // The copy's URL now points at the first story: asked again, it answers by URL.
    expect(await resolveStory(redis, { articleId: copy, now: NOW + 2 * HOUR })).toEqual({ storyId: first, duplicateOf: 'url' });
  });

  it('keeps texts 4 bits apart, or unrelated, as separate stories', async () => {
    const first = article();
    const fp = textFingerprint(storyA);
    await resolveStory(redis, { articleId: first, fingerprint: fp, now: NOW });
    const far = article();
    expect((await resolveStory(redis, { articleId: far, fingerprint: flipBits(fp, 4), now: NOW })).storyId).toBe(far);
    const other = article();
    expect((await resolveStory(redis, { articleId: other, fingerprint: textFingerprint(storyB), now: NOW })).storyId).toBe(other);
  });

  it('forgets a story’s text after the window', async () => {
    const first = article();
    const fp = textFingerprint(storyB);
    await resolveStory(redis, { articleId: first, fingerprint: fp, now: NOW });
    const late = article();
    const resolved = await resolveStory(redis, { articleId: late, fingerprint: fp, now: NOW + STORY_WINDOW_MS + 1 });
    expect(resolved).toEqual({ storyId: late, duplicateOf: undefined });
  });

  it('indexes a new story in 4 bands with the window as TTL, and a duplicate in none', async () => {
    const first = article();
    const fp = textFingerprint(storyA);
    await resolveStory(redis, { articleId: first, fingerprint: fp, now: NOW });
    const bands = fingerprintBands(fp);
    for (const [i, band] of bands.entries()) {
      expect(await redis.zscore(keys.storyBand(i, band), first)).toBe(String(NOW));
      expect(await redis.pttl(keys.storyBand(i, band))).toBeGreaterThan(STORY_WINDOW_MS - 60_000);
    }
    expect(await redis.get(keys.storyFingerprint(first))).toBe(fp);
    const copy = article();
    await resolveStory(redis, { articleId: copy, fingerprint: fp, now: NOW });
    expect(await redis.exists(keys.storyFingerprint(copy))).toBe(0);
  });

  it('resolves an article with no text by URL only', async () => {
    const id = article();
    expect(await resolveStory(redis, { articleId: id, now: NOW })).toEqual({ storyId: id, duplicateOf: undefined });
    expect(await redis.get(keys.storyByUrl(id))).toBe(id);
  });

  it('records alerted entities per story and watchlist, adding to them', async () => {
    const story = article();
    expect(await alertedEntities(redis, story, 'mideast')).toEqual(new Set());
    await recordAlertedEntities(redis, story, 'mideast', ['steve-witkoff']);
    await recordAlertedEntities(redis, story, 'mideast', ['jared-kushner']);
    await recordAlertedEntities(redis, story, 'mideast', []);
    expect(await alertedEntities(redis, story, 'mideast')).toEqual(new Set(['steve-witkoff', 'jared-kushner']));
    expect(await alertedEntities(redis, story, 'markets')).toEqual(new Set());
    expect(await redis.pttl(keys.storyAlerted(story, 'mideast'))).toBeGreaterThan(STORY_WINDOW_MS - 60_000);
  });

  it('remembers a delivered alert id for 30 days', async () => {
    const id = randomUUID();
    expect(await wasDelivered(redis, id)).toBe(false);
    await markDelivered(redis, id);
    expect(await wasDelivered(redis, id)).toBe(true);
    expect(await redis.pttl(keys.alertDelivered(id))).toBeGreaterThan(29 * 24 * HOUR);
  });
});
