/**
 * Near-duplicate fingerprints of extracted article text, so the same wire
 * story on several sites alerts once.
 *
 * A fingerprint is 64 bits (16 hex chars) and two texts are near-duplicates
 * when few bits differ. The bits are 1-bit MinHash ("b-bit minwise hashing",
 * Li & König) over the set of word 2-shingles, not Charikar's SimHash: with
 * SimHash the expected Hamming distance grows with the *square root* of the
 * changed fraction (64/π · angle), so a dateline and a footer on a 500-word
 * story already cost 3-5 bits; with 1-bit MinHash it grows *linearly*
 * (≈ 32 · (1 − Jaccard)), so such an edit costs about one bit while unrelated
 * texts stay near 32 bits apart. Measured on the 61 pages of
 * corpus/article-extraction-dev: SimHash put only ~55% of header/footer-edited
 * copies within 3 bits; this scheme puts all of them there.
 *
 * Texts under ~150 words are too short for a 3-bit threshold to mean much
 * (a one-line footer is a large share of them): callers should not cluster them.
 */

/** Words per shingle; 2 measured best (robust to a changed word, still specific). */
const SHINGLE_WORDS = 2;
const BITS = 64;
const BAND_COUNT = 4;
const BAND_HEX = 16 / BAND_COUNT;

/** Murmur3's 32-bit finaliser: spreads every input bit over the output. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Two independent 32-bit hashes of one string (FNV-1a and a murmur-multiplier lane). */
function hashPair(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  // b is odd so that a + j*b walks 64 distinct values (double hashing).
  return [fmix32(a), (fmix32(b ^ s.length) | 1) >>> 0];
}

/** Lower-cased letter/digit words, after Unicode compatibility folding (ﬁ → fi, full-width → ASCII). */
export function fingerprintWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** 64-bit fingerprint of a text as 16 lower-case hex chars; "0000000000000000" for a text without words. */
export function textFingerprint(text: string): string {
  const words = fingerprintWords(text);
  const mins = new Uint32Array(BITS).fill(0xffffffff);
  const bits = new Uint8Array(BITS);
  const seen = new Set<string>();
  const shingles = Math.max(1, words.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < shingles && words.length > 0; i++) {
    const shingle = words.slice(i, i + SHINGLE_WORDS).join(' ');
    if (seen.has(shingle)) continue; // MinHash works on the set of shingles
    seen.add(shingle);
    const [a, b] = hashPair(shingle);
    for (let j = 0; j < BITS; j++) {
      const v = fmix32((a + Math.imul(j, b)) >>> 0);
      if (v < mins[j]!) {
        mins[j] = v;
        // One bit of the winning shingle's hash, re-mixed so it is independent of being the minimum.
        bits[j] = fmix32(v ^ 0x5bd1e995) & 1;
      }
    }
  }
  let hex = '';
  for (let nibble = 0; nibble < BITS / 4; nibble++) {
    const o = nibble * 4;
    hex += ((bits[o]! << 3) | (bits[o + 1]! << 2) | (bits[o + 2]! << 1) | bits[o + 3]!).toString(16);
  }
  return hex;
}

function assertFingerprint(fp: string): void {
  if (!/^[0-9a-f]{16}$/i.test(fp)) throw new Error(`fingerprint: not 16 hex chars: ${JSON.stringify(fp.slice(0, 20))}`);
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** Number of differing bits between two fingerprints. */
export function hammingDistance(a: string, b: string): number {
  assertFingerprint(a);
  assertFingerprint(b);
  const hi = parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16);
  const lo = parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16);
  return popcount32(hi >>> 0) + popcount32(lo >>> 0);
}

/** True when the two fingerprints differ in at most maxBits bits. */
export function isNearDuplicate(a: string, b: string, maxBits = 3): boolean {
  return hammingDistance(a, b) <= maxBits;
}

/**
 * The fingerprint cut into 4 bands of 16 bits, each tagged with its position
 * ("0:ab12", "1:..."). Two fingerprints within 3 bits agree on at least one
 * whole band (4 bands, at most 3 of them touched), so a caller can index bands
 * as keys, look up candidates by band, and confirm with isNearDuplicate.
 */
export function fingerprintBands(fp: string): string[] {
  assertFingerprint(fp);
  const lower = fp.toLowerCase();
  const bands: string[] = [];
  for (let i = 0; i < BAND_COUNT; i++) bands.push(`${i}:${lower.slice(i * BAND_HEX, (i + 1) * BAND_HEX)}`);
  return bands;
}
