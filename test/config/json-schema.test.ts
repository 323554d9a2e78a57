import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/index.js';

type Schema = { patternProperties?: Record<string, unknown>; type?: string; properties?: Record<string, Schema>; items?: Schema; required?: string[]; additionalProperties?: unknown; default?: unknown; pattern?: string; description?: string };

describe('configJsonSchema', () => {
  const schema = configJsonSchema() as Schema;

  it('is an object schema with feeds, watchlists and webhooks, closed to unknown keys', () => {
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['defaults', 'fetch', 'feeds', 'watchlists', 'webhooks']));
    expect(schema.required).toEqual(expect.arrayContaining(['feeds', 'watchlists', 'webhooks']));
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.patternProperties ?? {})).toEqual(['^x-']);
    expect(() => JSON.stringify(schema)).not.toThrow();
  });

  it('describes items, defaults and patterns the way users write them', () => {
    const feed = schema.properties?.feeds?.items;
    expect(feed?.required).toEqual(['url']);
    expect(feed?.additionalProperties).toBe(false);
    expect(schema.properties?.defaults?.properties?.interval?.default).toBe('auto');
    expect(schema.properties?.fetch?.properties?.maxBytes?.default).toBe('5MB');
    expect(schema.properties?.fetch?.properties?.maxBytes?.description).toMatch(/KiB/);
    const entity = schema.properties?.watchlists?.items?.properties?.entities?.items;
    expect(entity?.required).toEqual(expect.arrayContaining(['id', 'name']));
    const timeout = schema.properties?.fetch?.properties?.timeout;
    expect(new RegExp(timeout?.pattern ?? '^$').test('15s')).toBe(true);
  });
});
