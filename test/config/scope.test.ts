import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configWarnings, parseConfigText, watchlistsOnly } from '../../src/config/index.js';
import { fixturePath } from './helpers.js';

const read = (name: string) => readFileSync(fixturePath(name), 'utf8');

describe('watchlist-only configs (scan, validate)', () => {
  it('a file with watchlists only is refused for the worker, accepted as watchlists by auto and watchlists scope', () => {
    const text = read('watchlists-only.yaml');
    const full = parseConfigText(text, 'w.yaml', {});
    expect(full.ok).toBe(false);
    const hint = ' (a file of watchlists alone is enough for scan and validate; run needs feeds and webhooks too)';
    if (!full.ok) expect(full.issues.map((i) => i.message)).toEqual([`feeds: missing required field${hint}`, `webhooks: missing required field${hint}`]);

    for (const scope of ['auto', 'watchlists'] as const) {
      const r = parseConfigText(text, 'w.yaml', {}, { scope });
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(watchlistsOnly.has(r.config)).toBe(true);
      expect(r.config.watchlists[0]!.entities.map((e) => e.id)).toEqual(['steve-witkoff', 'khalil-al-hayya', 'jared-kushner']);
      expect(r.config.feeds).toEqual([]);
      expect(r.config.webhooks).toEqual([]);
    }
  });

  it('watchlists scope ignores webhooks, notify and their unset ${VAR}s; auto checks a full file in full', () => {
    const text = read('full-with-env.yaml');
    const r = parseConfigText(text, 'f.yaml', {}, { scope: 'watchlists' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config.watchlists[0]!.notify).toEqual([]);

    const auto = parseConfigText(text, 'f.yaml', {}, { scope: 'auto' });
    expect(auto.ok).toBe(false);
    if (!auto.ok) expect(auto.issues.map((i) => i.message)).toContain('webhooks[0].url: environment variable NW_TEST_UNSET_WEBHOOK_URL is not set');
  });

  it('watchlists scope still reports a broken watchlist at its line', () => {
    const r = parseConfigText('watchlists:\n  - id: a\n    entities:\n      - id: x\n', 'b.yaml', {}, { scope: 'watchlists' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ file: 'b.yaml', line: 4, col: 9, message: 'watchlists[0].entities[0].name: missing required field' }]);
  });
});

describe('config messages a newcomer meets', () => {
  it('a tab used as indentation is one error, at the tab, saying what to do', () => {
    const r = parseConfigText(read('tab-indent.yaml'), 't.yaml', {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues).toEqual([
        { file: 't.yaml', line: 8, col: 1, message: 'yaml: a tab indents this line; YAML indents with spaces only (replace the tab with spaces)' },
      ]);
    }
  });

  it('warns that a webhook or feed on a private address will be refused, naming the setting and never the URL', () => {
    const r = parseConfigText(read('private-webhook.yaml'), 'p.yaml', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const warnings = configWarnings(r.config);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^webhooks\[0\] \(local\): .*refused.*fetch\.allowPrivateNetworks: true/);
    expect(warnings[1]).toMatch(/^feeds\[0\]: .*refused.*fetch\.allowPrivateNetworks: true/);
    expect(warnings[2]).toBe('watchlist b: notify is empty, so its matches alert nobody');
    expect(warnings.join('\n')).not.toMatch(/s3cr3t|127\.0\.0\.1|10\.1\.2\.3/);

    const allowed = parseConfigText(read('private-webhook.yaml').replace('feeds:', 'fetch:\n  allowPrivateNetworks: true\nfeeds:'), 'p.yaml', {});
    expect(allowed.ok && configWarnings(allowed.config).filter((w) => w.includes('private'))).toEqual([]);
  });
});
