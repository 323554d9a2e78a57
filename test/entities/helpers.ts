import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const entitiesFixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/entities/${name}`, import.meta.url));

export const readEntitiesFixture = (name: string): string => readFileSync(entitiesFixture(name), 'utf8');
