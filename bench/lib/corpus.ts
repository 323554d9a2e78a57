/**
 * Loading the developer corpora (not in the repository): from `--corpus DIR`,
 * else the folder in NEWSWATCH_CORPUS, else ../shared/corpus beside the
 * repository. A benchmark whose corpus is absent says so and stops.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function corpusOption(argv: string[]): string | undefined {
  const i = argv.indexOf('--corpus');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--corpus='))?.slice('--corpus='.length);
}

export const corpusDir = resolve(corpusOption(process.argv) ?? process.env.NEWSWATCH_CORPUS ?? resolve(repoRoot, '..', 'shared', 'corpus'));

/** A folder of the corpus; when it is missing, says where it looked and how to point elsewhere, and exits 1. */
export function corpusFolder(name: string): string {
  const dir = join(corpusDir, name);
  if (!existsSync(dir)) {
    console.error(
      `bench: corpus folder ${name}/ not found in ${corpusDir}; pass --corpus DIR or set NEWSWATCH_CORPUS=DIR ` +
        '(the developer corpus, see its README). Stopping.',
    );
    process.exit(1);
  }
  return dir;
}

export interface DevPage {
  id: string;
  url: string;
  html: string;
  truth: string;
  readability: string;
}

export function loadDevPages(): DevPage[] {
  const dir = corpusFolder('article-extraction-dev');
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  const rjs = JSON.parse(readFileSync(join(dir, 'readability_js-output.json'), 'utf8')) as { output: Record<string, { articleBody?: string }> };
  return Object.entries(truth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, t]) => ({
      id,
      url: t.url,
      html: gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('utf8'),
      truth: t.articleBody,
      readability: rjs.output[id]?.articleBody ?? '',
    }));
}

export interface ReadabilityPage {
  name: string;
  source: string;
  expectedHtml: string;
  meta: { title?: string | null; byline?: string | null; lang?: string | null };
}

export function loadReadabilityPages(): ReadabilityPage[] {
  const dir = join(corpusDir, 'readability');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => existsSync(join(dir, n, 'source.html')))
    .sort()
    .map((name) => ({
      name,
      source: readFileSync(join(dir, name, 'source.html'), 'utf8'),
      expectedHtml: readFileSync(join(dir, name, 'expected.html'), 'utf8'),
      meta: JSON.parse(readFileSync(join(dir, name, 'expected-metadata.json'), 'utf8')),
    }));
}
