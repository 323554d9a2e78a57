import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScan, type ScanResult } from '../../workers/commands/scan-run.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/relevance/${name}`, import.meta.url));

describe('newswatch scan with when rules', () => {
  it('lists every person named with each condition, whether it held, and why an alert would or would not go', async () => {
    const result = (await runScan(fixture('witkoff-al-hayya.html'), { configPath: fixture('rules.yaml'), explicitConfig: true })) as ScanResult;
    const person = (watchlist: string, id: string) => result.matches.find((m) => m.watchlist === watchlist && m.entityId === id)!;

    const trump = person('trump-title-only', 'donald-trump');
    expect(trump).toMatchObject({ alert: false, prominence: 'lead', why: 'no alert: named in the first three paragraphs, the title needed' });
    expect(trump.conditions).toEqual([
      { condition: 'prominence', held: false, source: 'entity', why: 'named in the first three paragraphs, the title needed' },
      { condition: 'minMentions', held: true, source: 'watchlist', why: 'named 3 times, 1 needed' },
    ]);
    expect(trump).not.toHaveProperty('rule');

    const witkoff = person('talks', 'steve-witkoff');
    expect(witkoff).toMatchObject({ alert: true, prominence: 'title', why: 'alerts: every condition held' });
    expect(witkoff.conditions!.map((c) => [c.condition, c.held])).toEqual([['context', true], ['near', true], ['together', true], ['languages', true]]);
    expect(witkoff.rule?.languages).toEqual({ required: ['en', 'ar'], found: 'en', source: 'watchlist' });

    // Without a when, a person alerts and carries no conditions.
    expect(person('plain', 'jared-kushner')).toMatchObject({ alert: true, prominence: 'body' });
    expect(person('plain', 'jared-kushner')).not.toHaveProperty('conditions');
  });
});
