import { describe, expect, it } from 'vitest';
import { brief, issuesOf, okConfig } from './helpers.js';

describe('feeds[].type and feeds[].links', () => {
  it('are optional; type forces the kind, links picks a listing page\'s story links', () => {
    const config = okConfig('source-keys.yaml');
    expect(config.feeds.map((f) => [f.type, f.links])).toEqual([
      [undefined, undefined],
      ['page', 'ul.press-list h3 > a'],
      ['feed', undefined],
    ]);
  });

  it('a wrong type, a selector that does not parse, links on a feed and an empty selector are errors at their line', () => {
    expect(brief(issuesOf('bad-source-keys.yaml'))).toEqual([
      '3:11 feeds[0].type: must be feed, sitemap or page',
      expect.stringMatching(/^5:12 feeds\[1\]\.links: not a CSS selector \(.+\)$/),
      '8:12 feeds[2].links: links applies to listing pages only, not type feed',
      '10:12 feeds[3].links: must be a CSS selector',
    ]);
  });
});
