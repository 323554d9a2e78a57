import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { runDemo } from '../../workers/commands/demo-run.js';

describe('newswatch demo', { timeout: 90_000 }, () => {
  it('delivers the seed story as one verified alert naming its three people, from the link the feed gave, and cleans up', async () => {
    const said: string[] = [];
    const started = Date.now();
    const result = await runDemo({ timeoutMs: 60_000, say: (l) => said.push(l), log: pino({ level: 'silent' }) });
    expect(Date.now() - started).toBeLessThan(60_000);
    const { article, matches, watchlist } = result.alert.data;
    expect(result.alert.type).toBe('article.matched');
    expect(watchlist.id).toBe('mideast');
    expect(matches.map((m) => m.entityId).sort()).toEqual(['jared-kushner', 'khalil-al-hayya', 'steve-witkoff']);
    // The fetched link on the demo's own site; the page's declared canonical beside it.
    expect(article.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/world\/2026\/11\/witkoff-al-hayya-meeting$/);
    expect(article.canonicalUrl).toBe('https://news.example.com/world/2026/11/witkoff-al-hayya-meeting');
    expect(result.webhookId).toMatch(/^msg_/);
    const dataLine = said.find((l) => l.startsWith('starting the worker'))!;
    const dir = /\(data in (.+)\)$/.exec(dataLine)![1]!;
    expect(existsSync(dir)).toBe(false);
  });
});
