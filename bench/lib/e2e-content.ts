/**
 * What the end-to-end bench's news site serves: real pages from
 * ../shared/corpus reused under distinct URLs, and variants of the seed story
 * that the mideast watchlist flags.
 *
 * A page's kind follows from its sequence number alone, so the feed server,
 * the floor loop and the report agree without sharing state:
 * every SEED_EVERY-th page is a seed variant, the others cycle through the
 * 61 article-extraction-dev pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFolder, loadDevPages } from './corpus.js';
import { prng } from './prng.js';

export const SEED_EVERY = 10;

export interface PageSource {
  /** Corpus pages with their <link rel=canonical> and og:url removed (the served URL is the article's URL). */
  corpus: string[];
  seedHead: string;
  seedTail: string;
  /** Paragraphs of real article text, for making every seed variant its own story. */
  paragraphs: string[];
}

const CANONICAL = /<link\b[^>]*\brel=["']?canonical\b[^>]*>/gi;
const OG_URL = /<meta\b[^>]*\bproperty=["']?og:url\b[^>]*>/gi;

export function loadPageSource(): PageSource {
  const dev = loadDevPages();
  const corpus = dev.map((p) => p.html.replace(CANONICAL, '').replace(OG_URL, ''));
  const seed = readFileSync(join(corpusFolder('seed'), 'witkoff-al-hayya.html'), 'utf8').replace(CANONICAL, '');
  const cut = seed.lastIndexOf('</article>');
  if (cut < 0) throw new Error('bench: seed page has no </article>');
  const paragraphs = dev
    .flatMap((p) => p.truth.split(/\n+/))
    .map((s) => s.trim())
    .filter((s) => s.length >= 200 && !/witkoff|hayya|kushner/i.test(s));
  return { corpus, seedHead: seed.slice(0, cut), seedTail: seed.slice(cut), paragraphs };
}

export function isSeedSeq(seq: number): boolean {
  return seq % SEED_EVERY === 0;
}


const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The HTML of page `seq`. A seed variant is the seed story followed by eight
 * paragraphs drawn from other articles, so that no two variants are
 * near-duplicates (each is its own story and alerts once).
 */
export function pageHtml(src: PageSource, seq: number): string {
  if (!isSeedSeq(seq)) return src.corpus[Math.abs(seq) % src.corpus.length]!;
  const rand = prng(seq + 1);
  let extra = '';
  for (let i = 0; i < 8; i++) extra += `<p>${escapeHtml(src.paragraphs[Math.floor(rand() * src.paragraphs.length)]!)}</p>\n`;
  return `${src.seedHead}<p>Background, bulletin ${seq}:</p>\n${extra}${src.seedTail}`;
}

export function itemTitle(seq: number): string {
  return isSeedSeq(seq) ? `Witkoff set to meet Hamas negotiator Khalil al-Hayya (bulletin ${seq})` : `Story ${seq}`;
}
