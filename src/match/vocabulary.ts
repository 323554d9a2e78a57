/**
 * The name vocabulary: a Bloom filter over the hashes of every word of every
 * watched name (and their prefixed forms), so the tokenizer can tell, from a
 * hash it builds while scanning, that a word is surely no name word and skip
 * making its string. The hash is FNV-1a over UTF-16 code units of the folded
 * word, the same the scan computes char by char.
 */

/** A Bloom filter over token hashes: "maybe a name token" or "surely not". */
export class Vocabulary {
  private static readonly BITS = 1 << 22; // 512 KB: false positives stay rare at 100k tokens
  private readonly bits = new Uint32Array(Vocabulary.BITS >>> 5);

  add(token: string): void {
    const h = hashString(token);
    this.set(h);
    this.set(second(h));
  }

  has(h: number): boolean {
    return this.get(h) && this.get(second(h));
  }

  private set(h: number): void {
    const i = h & (Vocabulary.BITS - 1);
    this.bits[i >>> 5]! |= 1 << (i & 31);
  }

  private get(h: number): boolean {
    const i = h & (Vocabulary.BITS - 1);
    return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
  }
}

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 16777619;
const second = (h: number): number => Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 10;

/** FNV-1a over UTF-16 code units: the same hash the scan builds char by char. */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}
