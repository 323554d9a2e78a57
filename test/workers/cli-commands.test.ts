import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const fixture = (name: string) => join('test/fixtures/config', name);
const COMMANDS = [['demo'], ['run'], ['validate'], ['scan'], ['discover'], ['schema'], ['feeds'], ['matches'], ['replay'], ['alerts'], ['alerts', 'failed'], ['alerts', 'retrying'], ['alerts', 'retry'], ['alerts', 'test']];

// Each case spawns the CLI (through tsx) one or more times: seconds each on a busy machine.
describe('newswatch CLI: help, version, exit codes', { timeout: 90_000 }, () => {
  it.each(COMMANDS)('%s %s --help: usage, options and an example, exit 0, nothing run', (...command) => {
    // REDIS_URL points nowhere and CONFIG_PATH at nothing: a command that ran instead of helping would fail.
    const r = runCli([...command, '--help'], { REDIS_URL: 'redis://127.0.0.1:1', CONFIG_PATH: '/nonexistent.yaml' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: newswatch ${command.join(' ')} `));
    expect(r.stdout).toMatch(/Options:\n/);
    expect(r.stdout).toMatch(/Examples:\n {2}\$ newswatch /);
  });

  it('--help lists every command; no command prints it too', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const [name] of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const bare = runCli([]);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toBe(help.stdout);
  });

  it('--version prints the package version', () => {
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-v']) {
      const r = runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it.each([
    [['bogus'], /unknown command 'bogus'/],
    [['scan'], /missing required argument/],
    [['scan', 'x.html', '--bogus'], /unknown option '--bogus'/],
    [['validate', '--config'], /argument missing/],
    [['alerts', 'retry'], /give an alert id .* or --all/],
    [['alerts', 'retry', 'abc', '--all'], /give an alert id .* or --all/],
    [['validate', 'a.yaml', '--config', 'b.yaml'], /give the file once/],
  ])('usage error %j exits 2 with a message and a pointer to --help', (args, message) => {
    const r = runCli(args, { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^newswatch: /);
    expect(r.stderr).toMatch(/--help/);
  });

  it('a fetch that fails is a failure (exit 1), and a refused private address names the setting that allows it', () => {
    const r = runCli(['scan', 'http://127.0.0.1:9/page.html', '--config', fixture('watchlists-only.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to connect to a non-public address \(127\.0\.0\.1\); fetch\.allowPrivateNetworks: true allows it/);
  });

  it('a bad environment variable is a failure (exit 1) naming it', () => {
    const r = runCli(['run'], { PORT: 'abc', CONFIG_PATH: fixture('minimal.yaml') });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('env: PORT must be a whole number (got "abc")');
  });
});

describe('newswatch validate', { timeout: 90_000 }, () => {
  it('FILE and --config FILE are the same; --json gives the summary as data', () => {
    const a = runCli(['validate', fixture('minimal.yaml')]);
    const b = runCli(['validate', '--config', fixture('minimal.yaml')]);
    expect(a.code).toBe(0);
    expect(b).toEqual(a);
    const json = runCli(['validate', '--json', fixture('minimal.yaml')]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ file: fixture('minimal.yaml'), ok: true, scope: 'full', feeds: 1, watchlists: 2, entities: 1, webhooks: 0, warnings: [] });
  });

  it('--json on a broken file lists the issues and exits 1', () => {
    const r = runCli(['validate', '--json', fixture('tab-indent.yaml')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.issues).toHaveLength(1);
    expect(out.issues[0]).toMatchObject({ line: 8, col: 1 });
  });

  it('a watchlist-only file is valid as such, and says what it is good for', () => {
    const r = runCli(['validate', fixture('watchlists-only.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: OK \(watchlists only: enough for `newswatch scan --config`, not for `newswatch run`\)/);
  });

  it('warns that a webhook on a private address will be refused, still exit 0', () => {
    const r = runCli(['validate', fixture('private-webhook.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: webhooks\[0\] \(local\): .*fetch\.allowPrivateNetworks: true/);
    expect(r.stderr + r.stdout).not.toContain('s3cr3t-token');
  });

  it('a missing config file says how the path is chosen', () => {
    const r = runCli(['validate'], { CONFIG_PATH: '/nonexistent/newswatch.yaml' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\/nonexistent\/newswatch\.yaml:1:1 file not found \(the config file is CONFIG_PATH, or --config FILE; start from config\/newswatch\.example\.yaml\)/);
  });
});

describe('newswatch scan with a watchlist-only config', { timeout: 90_000 }, () => {
  it('a --config file that is not there is a failure (exit 1), never a scan without watchlists', () => {
    const r = runCli(['scan', 'examples/seed/witkoff-al-hayya.html', '--config', '/nonexistent/watchlists.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\/nonexistent\/watchlists\.yaml:1:1 file not found/);
    expect(r.stdout).toBe('');
  });

  it.each([['watchlists-only.yaml'], ['full-with-env.yaml']])('%s: matches without feeds, webhooks or their variables', (name) => {
    const r = runCli(['scan', 'examples/seed/witkoff-al-hayya.html', '--config', fixture(name)]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.matches.map((m: { entityId: string }) => m.entityId)).toContain('steve-witkoff');
  });
});
