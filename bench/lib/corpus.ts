/**
 * Loading the developer corpora (not in the repository): from `--corpus DIR`,
 * else the folder in NEWSWATCH_CORPUS, else ../shared/corpus beside the
 * repository. A benchmark whose corpus is absent says so and stops.
 *
 * Held-out split for extraction: a page is held out when the first byte of
 * the SHA-256 of its id, modulo 3, is 0 (about a third of each corpus). Ids
 * are the corpus's own: the benchmark's page id for article-extraction-dev,
 * the stored file name (a hash of the URL) for trafilatura-eval-dev, the
 * folder name for Readability's pages. Tuning looks only at the other pages;
 * the held-out figures are reported beside them and never used to pick a rule.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeHtml } from '../../src/encoding/decode.js';

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

export type Split = 'tune' | 'held-out';

/** Which side of the held-out split a page id falls on (see the header). */
export function splitOf(id: string): Split {
  return createHash('sha256').update(id).digest()[0]! % 3 === 0 ? 'held-out' : 'tune';
}

export interface DevPage {
  id: string;
  url: string;
  html: string;
  truth: string;
  readability: string;
  split: Split;
}

export const AEB_DIR = 'article-extraction-dev';
export const TRAFILATURA_DIR = 'trafilatura-eval-dev';

/** Is this folder of the corpus there? (bench:extract runs whichever of its corpora it finds.) */
export function hasCorpus(name: string): boolean {
  return existsSync(join(corpusDir, name));
}

export function loadDevPages(): DevPage[] {
  const base = corpusFolder(AEB_DIR);
  const truth = JSON.parse(readFileSync(join(base, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url: string }>;
  const rjs = JSON.parse(readFileSync(join(base, 'readability_js-output.json'), 'utf8')) as { output: Record<string, { articleBody?: string }> };
  return Object.entries(truth)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, t]) => ({
      id,
      url: t.url,
      html: gunzipSync(readFileSync(join(base, 'html', `${id}.html.gz`))).toString('utf8'),
      truth: t.articleBody,
      readability: rjs.output[id]?.articleBody ?? '',
      split: splitOf(id),
    }));
}

export interface TrafilaturaPage {
  /** The stored file name without `.html.gz`. */
  id: string;
  /** The corpus key: the page URL, or a name like `hard::site-page.html`. */
  key: string;
  /** A URL to extract with (the key when it is one). */
  url: string;
  html: string;
  with: string[];
  without: string[];
  split: Split;
}

/** trafilatura's evaluation pages, decoded the way newswatch decodes a fetched page (BOM, <meta> charset, else UTF-8). */
export function loadTrafilaturaPages(): TrafilaturaPage[] {
  const base = corpusFolder(TRAFILATURA_DIR);
  const data = JSON.parse(readFileSync(join(base, 'evaldata.json'), 'utf8')) as Record<string, { file: string; with?: string[]; without?: string[] }>;
  return Object.entries(data)
    .map(([key, e]) => {
      const id = e.file.replace(/\.html\.gz$|\.gz$/, '');
      const bytes = gunzipSync(readFileSync(join(base, 'html', `${id}.html.gz`)));
      return {
        id,
        key,
        url: /^https?:\/\//.test(key) ? key : `https://trafilatura-eval.invalid/${encodeURIComponent(key)}`,
        html: decodeHtml(bytes).text,
        with: e.with ?? [],
        without: e.without ?? [],
        split: splitOf(id),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

export interface ReadabilityPage {
  name: string;
  source: string;
  expectedHtml: string;
  meta: { title?: string | null; byline?: string | null; lang?: string | null };
  split: Split;
}

export function loadReadabilityPages(): ReadabilityPage[] {
  const base = join(corpusDir, 'readability');
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((n) => existsSync(join(base, n, 'source.html')))
    .sort()
    .map((name) => ({
      name,
      source: readFileSync(join(base, name, 'source.html'), 'utf8'),
      expectedHtml: readFileSync(join(base, name, 'expected.html'), 'utf8'),
      meta: JSON.parse(readFileSync(join(base, name, 'expected-metadata.json'), 'utf8')),
      split: splitOf(name),
    }));
}
