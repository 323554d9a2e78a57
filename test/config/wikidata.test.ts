import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';

const config = (wikidata: string): string => `feeds: []
webhooks: []
watchlists:
  - id: mideast
    entities:
      - id: khalil-al-hayya
        name: Khalil al-Hayya
        wikidata: ${wikidata}
`;

describe('config: entity wikidata', () => {
  it('keeps a Wikidata item id on the entity', () => {
    const r = parseConfigText(config('Q90000001'), 'w.yaml', {});
    expect(r.ok && r.config.watchlists[0]!.entities[0]!.wikidata).toBe('Q90000001');
  });

  it('leaves it out when the entity has none', () => {
    const r = parseConfigText(config('Q1').replace(/ +wikidata: Q1\n/, ''), 'w.yaml', {});
    expect(r.ok && r.config.watchlists[0]!.entities[0]).not.toHaveProperty('wikidata');
  });

  it.each([
    ['P31', 'must be a Wikidata item id like Q42'],
    ['q42x', 'must be a Wikidata item id like Q42'],
    ['Q0', 'must be a Wikidata item id like Q42'],
    ['42', 'must be text, not a number'],
  ])('refuses %s with its line', (value, message) => {
    const r = parseConfigText(config(value), 'w.yaml', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => [i.line, i.message])).toEqual([[8, expect.stringContaining(message)]]);
  });
});
