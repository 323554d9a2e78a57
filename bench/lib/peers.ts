/**
 * Open extractors we can run here, as peers in bench:extract: Readability.js
 * and Defuddle, both on linkedom (a light DOM; jsdom's current release needs
 * Node 22). Each returns plain text, with its output HTML rendered the same
 * way for both (blocks on their own lines), so the metrics compare
 * extraction choices, not rendering.
 */
import { Readability } from '@mozilla/readability';
import { Defuddle } from 'defuddle/node';
import { parseHTML } from 'linkedom';
import { htmlToText } from '../../src/feed/text.js';

export type PeerName = 'readability' | 'defuddle';
export const PEERS: PeerName[] = ['readability', 'defuddle'];

const MAX_TEXT = 1_000_000;

type PeerDocument = Parameters<typeof Defuddle>[0] & object & { documentElement: unknown };

function documentOf(html: string): PeerDocument {
  return parseHTML(html).document as unknown as PeerDocument;
}

/** Runs `f` with console.error silenced: Defuddle logs every page's broken JSON-LD. */
async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const err = console.error;
  console.error = (): void => {};
  try {
    return await f();
  } finally {
    console.error = err;
  }
}

/** Readability.js's article text ('' when it finds none or fails). */
export function readabilityText(html: string): string {
  try {
    const article = new Readability(documentOf(html) as ConstructorParameters<typeof Readability>[0]).parse();
    return article?.content ? htmlToText(article.content, MAX_TEXT) : '';
  } catch {
    return '';
  }
}

/** Defuddle's article text ('' when it fails). */
export async function defuddleText(html: string, url: string): Promise<string> {
  try {
    const res = await quietly(() => Defuddle(documentOf(html), url));
    return res.content ? htmlToText(res.content, MAX_TEXT) : '';
  } catch {
    return '';
  }
}

export async function peerText(peer: PeerName, html: string, url: string): Promise<string> {
  return peer === 'readability' ? readabilityText(html) : defuddleText(html, url);
}
