import { describe, expect, it } from 'vitest';
import { interpolateEnv } from '../../src/config/env.js';
import { parseConfigText } from '../../src/config/index.js';
import { brief, ENV, GOOD_SECRET, issuesOf, okConfig } from './helpers.js';

describe('interpolateEnv', () => {
  it('replaces a whole value and a value inside a string', () => {
    const r = interpolateEnv({ a: '${A}', b: ['x-${B}-y'], n: 3 }, { A: 'one', B: 'two' });
    expect(r.value).toEqual({ a: 'one', b: ['x-two-y'], n: 3 });
    expect(r.issues).toEqual([]);
    expect(r.envPaths).toEqual([['a'], ['b', 0]]);
    expect(r.envValues).toEqual(['one', 'two']);
  });

  it('reports a missing variable at its value and keeps the text, never an empty string', () => {
    const r = interpolateEnv({ url: 'https://h/${MISSING}/${ALSO}' }, {});
    expect(r.value).toEqual({ url: 'https://h/${MISSING}/${ALSO}' });
    expect(r.issues).toEqual([
      { path: ['url'], message: 'environment variable MISSING is not set' },
      { path: ['url'], message: 'environment variable ALSO is not set' },
    ]);
  });

  it('treats $${ as a literal ${ and leaves keys and plain strings alone', () => {
    const r = interpolateEnv({ '${K}': 'cost $${X} and $5' }, { X: 'nope' });
    expect(r.value).toEqual({ '${K}': 'cost ${X} and $5' });
    expect(r.envValues).toEqual([]);
  });

  it('an empty variable is set (it is the value), unlike a missing one', () => {
    expect(interpolateEnv('a${E}b', { E: '' }).value).toBe('ab');
  });

  it('rejects an unterminated ${ and a bad variable name', () => {
    expect(interpolateEnv('x ${OPEN', {}).issues[0]?.message).toMatch(/unterminated/);
    expect(interpolateEnv('${1BAD}', {}).issues[0]?.message).toMatch(/not a valid environment variable name/);
  });
});

describe('env in a config file', () => {
  it('fills whole values and embedded ones', () => {
    const c = okConfig('valid.yaml');
    expect(c.webhooks[0]?.url).toBe(ENV.ALERT_WEBHOOK_URL);
    expect(c.webhooks[0]?.secret).toBe(GOOD_SECRET);
    expect(c.webhooks[1]?.url).toBe('https://hooks.slack.example/services/T000/B000/slack-s3cr3t');
    expect(c.feeds[1]?.url).toBe('https://news.example.org/feed.atom?key=feedkey-s3cr3t');
  });

  it('a missing variable is an error at that value, reported once (not again as a bad URL)', () => {
    const { FEED_KEY: _omit, ...env } = ENV;
    expect(brief(issuesOf('missing-env.yaml', env))).toEqual([
      '2:10 feeds[0].url: environment variable FEED_KEY is not set',
      '6:10 webhooks[0].url: environment variable NOT_SET_URL is not set',
    ]);
  });

  it('interpolates values that then get validated (a bad secret from the env is an error)', () => {
    const r = parseConfigText('feeds: []\nwatchlists: []\nwebhooks:\n  - id: a\n    url: https://h.example\n    secret: ${S}\n', 'c.yaml', { S: 'plain' });
    expect(r.ok).toBe(false);
  });
});
