import { describe, expect, it } from 'vitest';
import { summarizeConfig } from '../../src/config/index.js';
import { okConfig } from './helpers.js';

describe('summarizeConfig', () => {
  const summary = summarizeConfig(okConfig('valid.yaml'));
  const lines = summary.split('\n');

  it('starts with the counts', () => {
    expect(lines[0]).toBe('2 feeds, 2 watchlists, 3 entities, 2 webhooks');
  });

  it("shows each feed's interval and watchlists", () => {
    expect(summary).toContain('Example World (example.com/world/rss.xml)  every 2m  → mideast');
    expect(summary).toContain('news.example.org/feed.atom  every auto  → mideast, markets');
  });

  it("shows each watchlist's entity names and notify targets", () => {
    expect(summary).toContain('mideast (2 entities) → notify ops, chat');
    expect(summary).toContain('    Steve Witkoff — U.S. special envoy to the Middle East');
    expect(summary).toContain('    Khalil al-Hayya');
    expect(summary).toContain('markets (1 entity) → notify ops');
  });

  it('shows webhooks by host', () => {
    expect(summary).toContain('ops: standard → hooks.example.com, timeout 5s, 5 attempts, signed');
    expect(summary).toContain('chat: slack → hooks.slack.example, timeout 15s, 20 attempts, unsigned');
  });

  it('fits one screen', () => {
    expect(lines.length).toBeLessThan(40);
  });
});
