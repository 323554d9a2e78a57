import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfigText } from '../../src/config/index.js';
import type { ConfigIssue, NewswatchConfig } from '../../src/config/types.js';

export const fixturePath = (name: string) =>
  fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));

export const readFixture = (name: string) => readFileSync(fixturePath(name), 'utf8');

/** A valid Standard Webhooks secret: 32 bytes of base64 after whsec_. */
export const GOOD_SECRET = `whsec_${Buffer.alloc(32, 0x5a).toString('base64')}`;

export const ENV = {
  ALERT_WEBHOOK_URL: 'https://hooks.example.com/services/T0KEN-in-the-path',
  ALERT_WEBHOOK_SECRET: GOOD_SECRET,
  FEED_KEY: 'feedkey-s3cr3t',
  SLACK_PATH: 'T000/B000/slack-s3cr3t',
};

export function parseFixture(name: string, env: Record<string, string | undefined> = ENV) {
  return parseConfigText(readFixture(name), name, env);
}

export function okConfig(name: string, env?: Record<string, string | undefined>): NewswatchConfig {
  const r = parseFixture(name, env);
  if (!r.ok) throw new Error(`expected ${name} to parse:\n${r.issues.map((i) => `${i.line}:${i.col} ${i.message}`).join('\n')}`);
  return r.config;
}

export function issuesOf(name: string, env?: Record<string, string | undefined>): ConfigIssue[] {
  const r = parseFixture(name, env);
  if (r.ok) throw new Error(`expected ${name} to fail`);
  return r.issues;
}

/** `LINE:COL message` for compact assertions. */
export const brief = (issues: ConfigIssue[]) => issues.map((i) => `${i.line}:${i.col} ${i.message}`);
