import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Third-party test feeds copied into the repository (see test/fixtures/feeds/NOTICE.md). */
export const feedCorpus = path.resolve(repoRoot, 'test/fixtures/feeds');

export interface CorpusFeed {
  /** Path relative to the feeds corpus, e.g. `feedparser/encoding/big5.xml`. */
  name: string;
  bytes: Buffer;
  /** The charset from a feedparser `Header: Content-type:` comment, as its test server sends it. */
  headerCharset?: string;
}

/** Every feed input of the corpus: rss-parser inputs and the feedparser subset. */
export function listCorpusFeeds(): CorpusFeed[] {
  const files = [
    ...walk(path.join(feedCorpus, 'rss-parser/input')),
    ...walk(path.join(feedCorpus, 'feedparser')).filter((file) => !file.endsWith('LICENSE')),
  ];
  return files.map((file) => {
    const bytes = fs.readFileSync(file);
    return { name: path.relative(feedCorpus, file), bytes, headerCharset: headerCharset(bytes) };
  });
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

/** feedparser's `Header:` comment; NULs dropped so the UTF-16/32 files read too. */
export function headerCharset(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1').replace(/\0/g, '');
  const contentType = /Header:\s*Content-type:\s*([^\n]*)/i.exec(head)?.[1];
  return contentType ? /charset\s*=\s*([^;\s]+)/i.exec(contentType)?.[1] : undefined;
}
