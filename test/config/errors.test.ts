import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';
import { brief, issuesOf, readFixture } from './helpers.js';

/**
 * One fixture per kind of mistake; each expected issue is the position a
 * user would look at (the offending key or value) and the message.
 */
describe('each kind of config error, with its line and column', () => {
  it('unknown keys at every level, with a suggestion when one is close', () => {
    expect(brief(issuesOf('unknown-keys.yaml'))).toEqual([
      '3:3 defaults.minIntervall: unknown key (did you mean "minInterval"?)',
      '6:5 feeds[0].intervall: unknown key (did you mean "interval"?)',
      '12:9 watchlists[0].entities[0].short_names: unknown key (did you mean "shortNames"?)',
      '13:9 watchlists[0].entities[0].colour: unknown key',
      '15:1 storage: unknown key',
    ]);
  });

  it('duplicate watchlist, entity and webhook ids and feed URLs, at the second one', () => {
    expect(brief(issuesOf('duplicate-ids.yaml'))).toEqual([
      '4:10 feeds[2].url: same feed URL as feeds[0]',
      '10:13 watchlists[0].entities[1].id: duplicate entity id in this watchlist "steve-witkoff" (first at watchlists[0].entities[0])',
      '12:9 watchlists[1].id: duplicate watchlist id "mideast" (first at watchlists[0])',
      '18:9 webhooks[1].id: duplicate webhook id "ops" (first at webhooks[0])',
    ]);
  });

  it('a notify naming no webhook', () => {
    expect(brief(issuesOf('notify-unknown.yaml'))).toEqual(['5:19 watchlists[0].notify[1]: no webhook with id "opz"']);
  });

  it("a feed's watchlists naming no watchlist", () => {
    expect(brief(issuesOf('feed-watchlist-unknown.yaml'))).toEqual([
      '3:27 feeds[0].watchlists[1]: no watchlist with id "midest"',
    ]);
  });

  it('URLs that are not http(s), or not URLs at all', () => {
    expect(brief(issuesOf('bad-url.yaml'))).toEqual([
      '2:10 feeds[0].url: must be an http:// or https:// URL',
      '3:10 feeds[1].url: must be an http:// or https:// URL',
      '8:10 webhooks[0].url: must be an http://, https://, smtp:// or smtps:// URL',
    ]);
  });

  it('intervals that do not parse or are under 10s (10s itself is fine)', () => {
    expect(brief(issuesOf('bad-interval.yaml'))).toEqual([
      '2:13 defaults.interval: must be auto or a duration like 30s, 5m or 1h',
      '5:15 feeds[0].interval: must be at least 10s',
      '7:15 feeds[1].interval: must be auto or a duration like 30s, 5m or 1h',
    ]);
  });

  it('minInterval longer than maxInterval', () => {
    expect(brief(issuesOf('min-over-max.yaml'))).toEqual([
      '2:16 defaults.minInterval: must not be longer than maxInterval',
    ]);
  });

  it('missing required fields, at the mapping that lacks them', () => {
    expect(brief(issuesOf('missing-fields.yaml'))).toEqual([
      '1:1 webhooks: missing required field',
      '2:5 feeds[0].url: missing required field',
      '6:9 watchlists[0].entities[0].name: missing required field',
    ]);
  });

  it('empty values (`key:` with nothing after it), at the key', () => {
    expect(brief(issuesOf('null-values.yaml'))).toEqual([
      '1:1 feeds: must be a list (write [] for none)',
      '6:9 watchlists[0].entities[0].name: has no value (expected a string)',
    ]);
  });

  it('wrong types and values out of their set', () => {
    expect(brief(issuesOf('wrong-types.yaml'))).toEqual([
      '2:25 fetch.allowPrivateNetworks: must be true or false',
      '3:13 fetch.maxBytes: must be a size like 5MB, 512KiB or a number of bytes',
      '4:8 feeds: must be a list (write [] for none)',
      '10:18 watchlists[0].entities[0].aliases: must be a list',
      '14:13 webhooks[0].format: must be one of standard, slack, discord, teams, telegram, ntfy, email',
      '16:17 webhooks[0].retry.attempts: must be a whole number',
    ]);
  });

  it('bad webhook secrets, and a standard webhook without one', () => {
    expect(brief(issuesOf('bad-secret.yaml', { BAD_SECRET: 'hunter2-not-a-secret' }))).toEqual([
      '6:13 webhooks[0].secret: must be whsec_<base64> of 24 to 64 bytes',
      '9:13 webhooks[1].secret: must be whsec_<base64> of 24 to 64 bytes',
      '10:5 webhooks[2].secret: missing required field (format standard signs every alert with it)',
    ]);
  });

  it('an empty or comment-only file', () => {
    expect(brief(issuesOf('empty.yaml'))).toEqual(['1:1 config file is empty: expected feeds, watchlists and webhooks']);
  });

  it('a top level that is not a mapping', () => {
    const issues = issuesOf('not-a-mapping.yaml');
    expect(brief(issues)).toEqual(['2:1 the top level must be a mapping with feeds, watchlists and webhooks']);
  });
});

describe('YAML syntax errors', () => {
  it('are reported with their positions, alongside schema errors that precede them', () => {
    expect(brief(issuesOf('yaml-syntax.yaml'))).toEqual([
      '2:13 defaults.interval: must be at least 10s',
      '5:5 yaml: Map keys must be unique',
      '6:11 yaml: Plain value cannot start with reserved character @',
    ]);
  });

  it('do not cascade into bogus schema errors for what an open quote swallowed', () => {
    expect(brief(issuesOf('unterminated-quote.yaml'))).toEqual(['6:1 yaml: Missing closing "quote']);
  });
});

describe('several errors at once', () => {
  it('reports every kind in one run, sorted by position', () => {
    const issues = issuesOf('many-errors.yaml', {});
    expect(brief(issues)).toEqual([
      '2:13 defaults.interval: must be at least 10s',
      '5:18 feeds[0].watchlists[0]: no watchlist with id "nope"',
      '11:9 watchlists[0].entities[0].nmae: unknown key',
      '12:14 watchlists[0].notify[0]: no webhook with id "nobody"',
      '15:10 webhooks[0].url: environment variable MISSING_TOKEN is not set',
      '16:13 webhooks[0].secret: must be whsec_<base64> of 24 to 64 bytes',
    ]);
    expect(issues.every((i) => i.file === 'many-errors.yaml')).toBe(true);
  });
});

describe('YAML typing pitfalls', () => {
  it('numbers and booleans where text is expected say to quote them; merge keys work', () => {
    expect(brief(issuesOf('quoting.yaml'))).toEqual([
      '9:9 watchlists[1].id: must be text, not a number (put it in quotes)',
      '12:15 watchlists[1].entities[0].name: must be text, not a boolean (put it in quotes)',
      '14:1 extra: unknown key',
    ]);
  });

  it('top-level x-… keys hold anchors; a merge key (<<) brings their fields in', () => {
    const r = parseConfigText(readFixture('quoting.yaml').replace(/id: 2024[^]*$/, 'id: ok\n    entities: []\nwebhooks: []\n'), 'q.yaml', {});
    expect(r.ok && r.config.feeds[0]?.interval).toEqual({ kind: 'fixed', ms: 120_000 });
  });
});
