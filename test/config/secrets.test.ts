import { describe, expect, it } from 'vitest';
import { formatIssues, parseConfigText, summarizeConfig } from '../../src/config/index.js';
import { ENV, issuesOf, okConfig } from './helpers.js';

/** Secrets may reach neither an error message nor the summary. */
describe('secrets stay out of messages', () => {
  it('a bad secret from the environment is not echoed', () => {
    const secret = 'hunter2-not-a-secret';
    const text = formatIssues(issuesOf('bad-secret.yaml', { BAD_SECRET: secret }));
    expect(text).toContain('webhooks[0].secret: must be whsec_<base64>');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('dG9vc2hvcnQ'); // the literal bad secret of webhooks[1]
  });

  it('a bad webhook URL is not echoed, written inline or from the environment', () => {
    const inline = formatIssues(issuesOf('bad-url.yaml'));
    expect(inline).toContain('webhooks[0].url: must be an http://, https://, smtp:// or smtps:// URL');
    expect(inline).not.toContain('secret-path-123');

    const fromEnv = 'hooks.example.com/no-scheme-T0KEN';
    const r = parseConfigText('feeds: []\nwatchlists: []\nwebhooks:\n  - id: ops\n    url: ${U}\n    format: slack\n', 'c.yaml', { U: fromEnv });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatIssues(r.issues)).toMatch(/^c\.yaml:5:10 webhooks\[0\]\.url: must be an http/);
    expect(formatIssues(r.issues)).not.toContain('T0KEN');
  });

  it('an id read from the environment is not quoted in a reference error', () => {
    const r = parseConfigText(
      'feeds: []\nwatchlists:\n  - id: w\n    entities: []\n    notify: ["${HOOK}"]\nwebhooks: []\n',
      'c.yaml',
      { HOOK: 'private-hook-name' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatIssues(r.issues)).toBe('c.yaml:5:14 watchlists[0].notify[0]: no webhook with id');
  });

  it('the summary shows webhook hosts only, never URLs, secrets or env values', () => {
    const summary = summarizeConfig(okConfig('valid.yaml'));
    expect(summary).toContain('hooks.example.com');
    for (const value of Object.values(ENV)) expect(summary).not.toContain(value);
    expect(summary).not.toContain('T0KEN');
    expect(summary).not.toContain('whsec_');
    expect(summary).not.toContain('?key=');
  });
});
