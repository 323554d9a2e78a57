import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, cliArgs, runCli } from '../helpers/cli.js';
import { entitiesFixture, readEntitiesFixture } from '../entities/helpers.js';

/** `newswatch ARGS` without blocking the event loop (the fixture API server runs in this process). */
function cliAsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs(args), { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

// A stand-in for the Wikidata API on loopback: wbgetentities answers from fixture files.
const fixtures = Object.fromEntries(
  readdirSync(entitiesFixture('.'))
    .filter((f) => f.startsWith('wbgetentities-'))
    .map((f) => [f.slice('wbgetentities-'.length).split(/[-.]/)[0]!, readEntitiesFixture(f)]),
);
const requests: URL[] = [];
let server: Server;
let api: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    requests.push(url);
    const id = url.searchParams.get('ids') ?? '';
    if (id === 'Q90000007') {
      res.writeHead(500).end('busy');
      return;
    }
    const body = fixtures[id];
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body ?? '{"entities":{}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/w/api.php`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('newswatch entities import', () => {
  it('prints a watchlist entry that validates and whose wikidata id travels into scan matches', async () => {
    const r = await cliAsync(['entities', 'import', 'Q90000001', '--languages', 'en,ar,fa,he', '--api', api]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const last = requests[requests.length - 1]!;
    expect(last.pathname).toBe('/w/api.php');
    expect(last.searchParams.get('action')).toBe('wbgetentities');
    expect(last.searchParams.get('languages')).toBe('en|ar|fa|he');
    const [entry] = parse(r.stdout) as Array<Record<string, unknown>>;
    expect(entry).toMatchObject({ id: 'khalil-al-hayya', name: 'Khalil al-Hayya', wikidata: 'Q90000001' });
    expect(entry!.aliases).toEqual(expect.arrayContaining(['خليل الحية', 'חליל אל-חיה']));
    expect(r.stdout).toMatch(/^ *# ar( \(also .*\))?$/m);
    expect(r.stdout).toMatch(/^ *# he$/m);

    // Pasted under a watchlist's entities, as the user would.
    const dir = mkdtempSync(join(tmpdir(), 'nw-entities-'));
    const config = join(dir, 'watchlist.yaml');
    const indented = r.stdout.split('\n').map((l) => (l === '' ? l : `      ${l}`)).join('\n');
    // feeds and webhooks empty: this file is for matching only.
    writeFileSync(config, `feeds: []\nwebhooks: []\nwatchlists:\n  - id: mideast\n    entities:\n${indented}\n`);
    const validate = runCli(['validate', config]);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);

    const scan = runCli(['scan', entitiesFixture('article-ar.html'), '--config', config, '--url', 'https://news.example.com/ar/hayya']);
    expect(scan.code).toBe(0);
    const out = JSON.parse(scan.stdout) as { matches: Array<{ entityId: string; wikidata?: string; count: number; inTitle: boolean }> };
    expect(out.matches).toHaveLength(1);
    // Title, "خليل الحيّة" (shadda), and the short name after bi- and li- ("بالحية", "للحية").
    expect(out.matches[0]).toMatchObject({ entityId: 'khalil-al-hayya', wikidata: 'Q90000001', count: 4, inTitle: true });
  });

  it.each([
    ['an id Wikidata does not have', 'Q90000008', /^newswatch: entities: Q90000008 does not exist on Wikidata\n$/],
    ['an API that fails', 'Q90000007', /^newswatch: entities: HTTP 500 from the Wikidata API\n$/],
    ['something that is no item id', 'P31', /^newswatch: entities: "P31" is not a Wikidata item id like Q42\n$/],
  ])('exits 1 with a clear message for %s', async (_name, id, message) => {
    const r = await cliAsync(['entities', 'import', id, '--api', api]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('says which API it could not reach', async () => {
    // A loopback port nothing listens on (the server's port, closed by a second server's bind-and-close).
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const r = await cliAsync(['entities', 'import', 'Q90000001', '--api', `http://127.0.0.1:${port}/w/api.php`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^newswatch: entities: could not reach the Wikidata API at http://127\\.0\\.0\\.1:${port}: `));
  });

  it('--help prints usage and an example without asking the API', async () => {
    const before = requests.length;
    const r = await cliAsync(['entities', 'import', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('newswatch entities import QID');
    expect(r.stdout).toContain('Examples:');
    expect(requests.length).toBe(before);
  });
});

describe('newswatch entities variants', () => {
  it('prints the spellings as YAML list items to pick from', () => {
    const r = runCli(['entities', 'variants', 'Khalil al-Hayya']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^# Khalil al-Hayya: \d+ other spellings/);
    expect(parse(r.stdout)).toEqual(expect.arrayContaining(['Khalil al-Hayyah', 'Khalil el-Hayya', 'Khaleel al-Hayya']));
  });

  it('exits 1 and says what it needs without a name', () => {
    const r = runCli(['entities', 'variants']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/entities variants needs a name/);
  });
});
