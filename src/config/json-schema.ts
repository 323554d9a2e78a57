import { z } from 'zod';
import { configSchema } from './schema.js';

/** JSON Schema of the config as users write it, for editors (`newswatch schema`). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return {
    ...schema,
    title: 'newswatch configuration',
    // Top-level x-… keys are free, for YAML anchors (see parse.ts).
    patternProperties: { '^x-': {} },
  };
}
