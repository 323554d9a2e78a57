import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { registry } from '../../workers/runtime/metrics.js';
import { parseDuration } from '../../src/config/durations.js';
import {
  ROOT,
  argv,
  dockerIgnores,
  envOf,
  healthcheckOf,
  instructionsOf,
  readDockerfile,
  readDockerignore,
} from './dockerfile.js';

/**
 * No container engine here: these read the deploy files and fail when they
 * lose what the operations issue asked of them. test/deploy/image-run.test.ts
 * runs what the image runs.
 */

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { bin: Record<string, string>; scripts: Record<string, string> };
const NODE_IMAGE = /^node:(22|24)-bookworm-slim$/;

describe('Dockerfile', () => {
  const df = readDockerfile();
  const { final } = df;
  const runs = (stage = final) => instructionsOf(stage, 'RUN').map((i) => i.args);

  it('builds in a stage of its own and ships only dist/ and production dependencies', () => {
    expect(df.stages.length).toBeGreaterThanOrEqual(2);
    const build = df.stages.find((s) => s !== final && runs(s).some((r) => /\bnpm run build\b/.test(r)));
    expect(build, 'a build stage that runs `npm run build`').toBeDefined();
    expect(build!.name, 'the build stage is named (FROM ... AS build)').toBeTruthy();
    expect(runs(build).some((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r)), 'build stage: npm ci with dev dependencies').toBe(true);

    const ci = runs().filter((r) => /\bnpm (ci|install|i)\b/.test(r));
    expect(ci).toHaveLength(1);
    expect(ci[0]).toMatch(/\bnpm ci\b/);
    expect(ci[0]).toMatch(/--omit=dev\b/);
    expect(ci[0]).toMatch(/--ignore-scripts\b/);
    expect(runs().some((r) => /npm run build|\btsc\b/.test(r)), 'no compiling in the runtime stage').toBe(false);

    const copies = instructionsOf(final, 'COPY').map((i) => i.args);
    expect(copies.some((c) => c.startsWith(`--from=${build!.name} `) && /\/dist\b/.test(c))).toBe(true);
    // Sources and tests stay in the build stage.
    for (const c of copies.filter((c) => !c.startsWith('--from='))) expect(c).not.toMatch(/\b(src|workers|test|node_modules)\b/);
  });

  it('pins a Node LTS major on bookworm-slim in every stage', () => {
    for (const s of df.stages) {
      const fromStage = df.stages.some((o) => o.name === s.image);
      if (!fromStage) expect(s.image).toMatch(NODE_IMAGE);
    }
    expect(final.image).toMatch(NODE_IMAGE);
  });

  it('runs as a non-root user', () => {
    const user = instructionsOf(final, 'USER').at(-1)?.args;
    expect(user, 'a USER in the runtime stage').toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
    // Set before the process starts, after anything that needs root.
    const userLine = instructionsOf(final, 'USER').at(-1)!.line;
    for (const ins of instructionsOf(final, 'RUN')) expect(ins.line).toBeLessThan(userLine);
  });

  it('starts under tini, running the same command as `npm start`', () => {
    const entry = argv(instructionsOf(final, 'ENTRYPOINT').at(-1)?.args ?? '[]');
    expect(entry[0]).toMatch(/(^|\/)tini$/);
    expect(entry).toContain('--');
    expect(runs().some((r) => /apt-get install\b.*\btini\b/.test(r)), 'tini installed from apt').toBe(true);

    const cmd = argv(instructionsOf(final, 'CMD').at(-1)?.args ?? '[]');
    expect(cmd).toEqual(pkg.scripts.start!.split(' '));
    expect(cmd).toEqual(['node', pkg.bin.newswatch!, 'run']);
  });

  it('probes /healthz with node itself', () => {
    const hc = healthcheckOf(final);
    expect(hc).toBeDefined();
    expect(hc!.command[0]).toBe('node');
    expect(hc!.command.join(' ')).toContain('/healthz');
    expect(hc!.command.join(' ')).toMatch(/process\.env\.PORT/);
    expect(hc!.command.join(' ')).not.toMatch(/\b(curl|wget)\b/);
    expect(parseDuration(hc!.options.timeout ?? '30s')).toBeLessThanOrEqual(10_000);
  });

  it('reads its config from /config/newswatch.yaml, serves on 8080, in production mode', () => {
    const env = envOf(final);
    expect(env.CONFIG_PATH).toBe('/config/newswatch.yaml');
    expect(env.NODE_ENV).toBe('production');
    expect(env.PORT ?? '8080').toBe('8080');
    expect(instructionsOf(final, 'EXPOSE').map((i) => i.args.split(/\s+/)).flat()).toContain('8080');
  });

  it('caps the V8 heap, as the e2e benchmark measures the worker', () => {
    const cap = envOf(final).NODE_OPTIONS ?? '';
    expect(cap).toMatch(/--max-old-space-size=\d+/);
    // The bench runs the worker with the same setting, so its memory figures are the image's.
    expect(read('bench/e2e.ts')).toContain(`NODE_OPTIONS: '${cap}'`);
  });

  it('bakes in no secrets or config', () => {
    for (const s of df.stages) {
      for (const ins of [...instructionsOf(s, 'ENV'), ...instructionsOf(s, 'ARG')]) {
        expect(ins.args, `line ${ins.line}`).not.toMatch(/SECRET|TOKEN|PASSWORD|WEBHOOK|API_KEY|REDIS_URL/i);
      }
      for (const ins of [...instructionsOf(s, 'COPY'), ...instructionsOf(s, 'ADD')]) {
        expect(ins.args, `line ${ins.line}`).not.toMatch(/\.env\b|newswatch\.yaml|\bconfig\b(?!\.)/);
      }
    }
  });
});

describe('.dockerignore', () => {
  const patterns = readDockerignore();
  const df = readDockerfile();

  it('lets in everything the Dockerfile copies from the context', () => {
    const sources = df.stages
      .flatMap((s) => instructionsOf(s, 'COPY'))
      .filter((i) => !/--from=/.test(i.args))
      .flatMap((i) => {
        const words = i.args.startsWith('[') ? argv(i.args) : i.args.split(/\s+/).filter((w) => !w.startsWith('--'));
        return words.slice(0, -1);
      });
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      expect(existsSync(join(ROOT, src)), src).toBe(true);
      expect(dockerIgnores(patterns, src.replace(/^\.\//, '').replace(/\/$/, '')), src).toBe(false);
    }
    expect(dockerIgnores(patterns, 'workers/cli.ts')).toBe(false);
    expect(dockerIgnores(patterns, 'workers/runtime/metrics.ts')).toBe(false);
  });

  it.each([
    'node_modules/bullmq/package.json',
    'dist/workers/cli.js',
    'data/redis/appendonly.aof',
    '.git/HEAD',
    '.env',
    '.env.production',
    'config/newswatch.yaml',
    'test/fixtures/feeds/x.xml',
    'bench/results/match.json',
    '.test-dist-abc/dist/workers/cli.js',
    'src/match/phrase-index.test.ts',
    'docker-compose.yml',
  ])('keeps %s out of the build context', (path) => {
    expect(dockerIgnores(patterns, path)).toBe(true);
  });
});

describe('docker-compose.yml', () => {
  type Service = Record<string, unknown> & {
    image?: string;
    command?: string | string[];
    volumes?: Array<string | { source?: string; target?: string; type?: string; read_only?: boolean }>;
    environment?: Record<string, string> | string[];
    ports?: Array<string | number | { published?: string | number; target?: number }>;
    healthcheck?: { test?: string | string[] };
    depends_on?: Record<string, { condition?: string }> | string[];
    env_file?: string | Array<string | { path: string }>;
  };
  const compose = parseYaml(read('docker-compose.yml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
  const redis = compose.services.redis!;
  const worker = compose.services.worker!;
  const words = (c: string | string[] | undefined) => (Array.isArray(c) ? c.join(' ') : (c ?? ''));
  const envMap = (e: Service['environment']): Record<string, string> =>
    Array.isArray(e) ? Object.fromEntries(e.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) : (e ?? {});

  it('runs Redis with the append-only file, noeviction, a named volume and a healthcheck', () => {
    expect(redis).toBeDefined();
    expect(redis.image).toMatch(/^(redis|valkey\/valkey):\d/);
    expect(words(redis.command)).toMatch(/--appendonly\s+yes/);
    expect(words(redis.command)).toMatch(/--maxmemory-policy\s+noeviction/);
    const data = (redis.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':') : [v.source, v.target]));
    const named = data.find(([source, target]) => target === '/data' && source && !/^[./~]/.test(source));
    expect(named, 'a named volume at /data').toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(named![0]);
    expect(words(redis.healthcheck?.test)).toMatch(/redis-cli\b.*\bping\b/);
  });

  it('builds the worker from the Dockerfile and points it at that Redis', () => {
    const build = worker.build as string | { context?: string; dockerfile?: string };
    expect(typeof build === 'string' ? build : build.context).toMatch(/^\.\/?$/);
    const env = envMap(worker.environment);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    const deps = worker.depends_on as Record<string, { condition?: string }>;
    expect(deps.redis?.condition).toBe('service_healthy');
    expect(worker.restart).toBe('unless-stopped');
  });

  it('mounts the config read-only where the image looks for it', () => {
    const mounts = (worker.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}${v.read_only ? ':ro' : ''}`));
    expect(mounts).toContain('./config/newswatch.yaml:/config/newswatch.yaml:ro');
    const target = envMap(worker.environment).CONFIG_PATH ?? envOf(readDockerfile().final).CONFIG_PATH;
    expect(target).toBe('/config/newswatch.yaml');
  });

  it('takes the webhook URL and secret from .env, documented in the committed .env.example', () => {
    const files = [worker.env_file ?? []].flat().map((f) => (typeof f === 'string' ? f : f.path));
    expect(files).toContain('.env');
    expect(read('.gitignore').split('\n').map((l) => l.trim())).toContain('.env');
    const example = read('.env.example');
    const documented = new Set([...example.matchAll(/^\s*#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect(documented).toContain('ALERT_WEBHOOK_URL');
    expect(documented).toContain('ALERT_WEBHOOK_SECRET');
    // Every variable the example config needs is in the example env file.
    const exampleConfig = read('config/newswatch.example.yaml').replace(/(^|\s)#.*$/gm, '');
    const needed = [...exampleConfig.matchAll(/(?<!\$)\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1]);
    expect(needed.length).toBeGreaterThan(0);
    for (const name of needed) expect(documented, name).toContain(name);
    // No real-looking secret committed.
    expect(example).not.toMatch(/whsec_[A-Za-z0-9+/]{32,}={0,2}\s*$/m);
  });

  it('can scale the worker: no container_name, no fixed host port', () => {
    expect(worker.container_name).toBeUndefined();
    for (const p of worker.ports ?? []) {
      const published = typeof p === 'object' ? String(p.published ?? '') : String(p).split(':').slice(0, -1).pop() ?? '';
      // "8080" (an ephemeral host port) or a range like "8080-8089" scale; "8080:8080" does not.
      expect(published === '' || published.includes('-'), `port ${JSON.stringify(p)}`).toBe(true);
    }
  });

  it('gives the worker longer to stop than its shutdown grace period', () => {
    const m = /SHUTDOWN_GRACE_MS\s*=\s*([\d_]+)/.exec(read('workers/runtime/start.ts'));
    expect(m, 'SHUTDOWN_GRACE_MS in workers/runtime/start.ts').not.toBeNull();
    const graceMs = Number(m![1]!.replace(/_/g, ''));
    expect(parseDuration(String(worker.stop_grace_period ?? '10s'))).toBeGreaterThan(graceMs);
  });

  it('lets the optional Prometheus scrape the worker port', () => {
    const prom = parseYaml(read('deploy/prometheus.yml')) as { scrape_configs: Array<Record<string, unknown>> };
    const text = JSON.stringify(prom.scrape_configs);
    expect(text).toContain('worker');
    expect(text).toContain('8080');
  });
});

describe('deploy/grafana-dashboard.json', () => {
  const dashboard = JSON.parse(read('deploy/grafana-dashboard.json')) as {
    __inputs: Array<{ name: string; type: string; pluginId: string }>;
    schemaVersion: number;
    uid: string;
    panels: Panel[];
    templating: { list: Array<{ name: string; type: string; query?: string | { query?: string }; definition?: string; datasource?: unknown }> };
  };
  interface Panel {
    id: number;
    type: string;
    title: string;
    datasource?: { type?: string; uid?: string };
    gridPos: { x: number; w: number };
    targets?: Array<{ expr: string; datasource?: { uid?: string } }>;
    panels?: Panel[];
  }
  const allPanels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
  const queryPanels = allPanels.filter((p) => p.type !== 'row');
  const exprs = queryPanels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
  const variableQueries = dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => (typeof v.query === 'string' ? v.query : (v.query?.query ?? v.definition ?? '')));

  it('is an importable dashboard with a Prometheus datasource input', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.uid).toBeTruthy();
    expect(dashboard.__inputs).toContainEqual(expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }));
    // Provisioned from disk, __inputs is not substituted: a variable of the same name stands in.
    expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', query: 'prometheus' }));
    const ids = allPanels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of queryPanels) {
      expect(p.datasource?.uid, p.title).toBe('${DS_PROMETHEUS}');
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource?.uid ?? '${DS_PROMETHEUS}', p.title).toBe('${DS_PROMETHEUS}');
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
    }
  });

  it('queries only metrics that workers/runtime/metrics.ts registers', async () => {
    const known = new Set<string>();
    for (const m of await registry.getMetricsAsJSON()) {
      known.add(m.name);
      if (['histogram', 'summary'].includes(String(m.type))) for (const s of ['_bucket', '_sum', '_count']) known.add(m.name + s);
    }
    for (const { panel, expr } of exprs) {
      const names = metricNames(expr);
      expect(names.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const n of names) expect(known, `${panel}: ${n} in ${expr}`).toContain(n);
    }
    for (const q of variableQueries) {
      const m = /label_values\(\s*([a-zA-Z_:][\w:]*)/.exec(q);
      if (m) expect(known, q).toContain(m[1]);
    }
  });

  it('covers the pipeline, queues, alert delay and process health', () => {
    const used = new Set(exprs.flatMap(({ expr }) => metricNames(expr)));
    for (const name of [
      'newswatch_feed_polls_total',
      'newswatch_items_new_total',
      'newswatch_articles_fetched_total',
      'newswatch_extraction_source_total',
      'newswatch_matches_total',
      'newswatch_alerts_total',
      'newswatch_queue_jobs',
      'newswatch_alert_delay_seconds_bucket',
      'newswatch_process_process_resident_memory_bytes',
      'newswatch_process_process_cpu_seconds_total',
    ]) {
      expect(used, name).toContain(name);
    }
    const quantiles = exprs.filter(({ expr }) => /histogram_quantile\(\s*0\.5\b/.test(expr) || /histogram_quantile\(\s*0\.99\b/.test(expr));
    expect(quantiles.length).toBeGreaterThanOrEqual(2);
    for (const { expr } of quantiles) expect(expr).toMatch(/by \([^)]*\ble\b/);
  });

  it('extracts metric names from PromQL (the helper above)', () => {
    expect(metricNames('sum by (outcome) (rate(a_total{outcome="x",instance=~"$instance"}[$__rate_interval]))')).toEqual(['a_total']);
    expect(metricNames('histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m]))) / on(job) group_left b')).toEqual(['h_bucket', 'b']);
    expect(metricNames('topk(10, sum without (pod) (increase(c[$__range]))) > bool 0 and d offset 5m')).toEqual(['c', 'd']);
  });
});

const PROMQL_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'inf', 'nan', 'atan2']);

/** The metric names a PromQL expression reads (selectors, not functions, labels or keywords). */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\boffset\s+-?\d+\w*/g, ' ');
  const names: string[] = [];
  for (const m of stripped.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)(\s*\()?/g)) {
    if (m[2] || PROMQL_KEYWORDS.has(m[1]!.toLowerCase())) continue;
    names.push(m[1]!);
  }
  return names;
}
