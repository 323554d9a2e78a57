/** Loading the developer corpora that live beside the repository in ../shared/corpus. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusDir = resolve(repoRoot, '..', 'shared', 'corpus');

export interface DevPage {
  id: string;
  url: string;
  html: string;
  truth: string;
  readability: string;
}

export function loadDevPages(root = corpusDir): DevPage[] {
  const dir = join(root, 'article-extraction-dev');
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

export function loadReadabilityPages(root = corpusDir): ReadabilityPage[] {
  const dir = join(root, 'readability');
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
