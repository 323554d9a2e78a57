import { describe, expect, it } from 'vitest';
import { bestSnippet, clip, fitBlocks, groupByPerson, MAX_STORIES_PER_PERSON, windowLabel } from '../../../src/alert/formats/view.js';
import { digestView, manyAlerts, witkoff } from './helpers.js';

describe('message view', () => {
  it('takes the best snippet from the person named in the title with the most mentions, or by prominence when present', () => {
    expect(bestSnippet(witkoff.data.matches)).toMatch(/^Steve Witkoff, President/);
    const reordered = [...witkoff.data.matches].reverse();
    expect(bestSnippet(reordered)).toMatch(/^Steve Witkoff, President/);
    const withProminence = witkoff.data.matches.map((m, i) => ({ ...m, prominence: i === 1 ? ('title' as const) : ('body' as const) }));
    expect(bestSnippet(withProminence)).toMatch(/^Khalil al-Hayya leads/);
  });

  it('groups a digest by person: a story naming two people is under both, busiest person first', () => {
    const alerts = manyAlerts(3);
    alerts[2]!.matches = [alerts[2]!.matches[0]!]; // the third names Witkoff only
    const groups = groupByPerson(alerts);
    expect(groups.map((g) => [g.person.name, g.stories.length])).toEqual([
      ['Steve Witkoff', 3],
      ['Khalil al-Hayya', 2],
    ]);
    expect(groups[1]!.stories[0]!.snippet).toMatch(/^Khalil al-Hayya leads/);
  });

  it('lists at most MAX_STORIES_PER_PERSON stories per person and counts the rest', () => {
    const view = digestView(manyAlerts(MAX_STORIES_PER_PERSON + 4));
    if (view.kind !== 'digest') throw new Error('expected a digest');
    expect(view.storyCount).toBe(MAX_STORIES_PER_PERSON + 4);
    expect(view.groups[0]!.stories).toHaveLength(MAX_STORIES_PER_PERSON);
    expect(view.groups[0]!.more).toBe(4);
  });

  it('labels windows in UTC, or in the daily digest zone', () => {
    const start = new Date('2026-12-01T07:00:00Z');
    const end = new Date('2026-12-01T08:00:00Z');
    expect(windowLabel(start, end)).toBe('1 Dec 2026, 07:00–08:00 UTC');
    expect(windowLabel(new Date('2026-11-30T07:00:00Z'), start, 'Europe/Berlin')).toBe('30 Nov 2026, 08:00–1 Dec 2026, 08:00 Europe/Berlin');
  });

  it('clips without splitting a surrogate pair, and fits blocks with a count of what was left out', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    const out = fitBlocks(['aaaa', 'bbbb', 'cccc', 'dddd'], 14, (n) => `+${n}`);
    expect(out).toBe('aaaa\nbbbb\n+2');
    expect(out.length).toBeLessThanOrEqual(14);
    expect(fitBlocks(['aa', 'bb'], 100, (n) => `+${n}`)).toBe('aa\nbb');
  });
});

describe('sending pace per service', () => {
  it('spaces messages to the rate each service posts', async () => {
    const { sendingPaceMs } = await import('../../../src/alert/formats/index.js');
    expect(sendingPaceMs({ format: 'telegram', chatId: '-1001234567890' })).toBe(3_000);
    expect(sendingPaceMs({ format: 'telegram', chatId: '@channel' })).toBe(3_000);
    expect(sendingPaceMs({ format: 'telegram', chatId: '12345' })).toBe(1_000);
    expect(sendingPaceMs({ format: 'discord' })).toBe(2_000);
    expect(sendingPaceMs({ format: 'slack' })).toBe(1_000);
    expect(sendingPaceMs({ format: 'standard' })).toBe(0);
    expect(sendingPaceMs({ format: 'email' })).toBe(0);
  });
});
