/**
 * A token-level trie (Aho-Corasick over words, without failure links: names
 * are a few tokens long, so restarting at every token costs one hash look-up
 * when the token starts no name, which is nearly always).
 *
 * Every name, alias, short name and exclude phrase of every watchlist goes
 * into one trie; each distinct folded phrase is stored once and carries the
 * list of (watchlist, entity, kind) that use it.
 *
 * A first word written with an attached prefix (وخليل, לוויטקוף;
 * attached-prefixes.ts) is a second key into the first word's node, so the
 * rest of every phrase starting with that word is shared, and a hit records
 * how many leading characters of its first token were the prefix.
 */
import { MIN_BARE_LETTERS } from './attached-prefixes.js';
import type { TokenStream } from './tokenize.js';

/** One occurrence of a phrase in a token stream: tokens [from, to). */
export interface PhraseHit {
  phrase: number;
  from: number;
  to: number;
  /** The last token matched without its plural-possessive "s" ("Witkoffs'"). */
  trimmedS: boolean;
  /** Leading folded characters of the first token that are an attached prefix (0: none). */
  prefix: number;
}

/** Prefix lengths are packed with the node id: node * PREFIX_SLOTS + length. */
const PREFIX_SLOTS = 8;

/**
 * Nodes are numbers; the first token of a phrase is looked up in `root`, the
 * next ones in one shared `edges` map keyed "node token". Two maps in all,
 * rather than one per node: at 30,000 names that halves the set-up time
 * (fewer allocations, less garbage collection).
 */
export class PhraseTrie {
  private readonly root = new Map<string, number>();
  private readonly edges = new Map<string, number>();
  /** Phrase id ending at each node, or -1. */
  private readonly phraseAt: number[] = [];
  private phrases = 0;
  /** Prefixed first words → their bare word's node and prefix length, packed. */
  private readonly prefixed = new Map<string, number>();

  /** Adds a phrase (its folded tokens) and returns its id; the same tokens get the same id. */
  add(tokens: string[]): number {
    let node = -1;
    for (const token of tokens) {
      const map = node < 0 ? this.root : this.edges;
      const key = node < 0 ? token : `${node} ${token}`;
      let next = map.get(key);
      if (next === undefined) {
        next = this.phraseAt.length;
        this.phraseAt.push(-1);
        map.set(key, next);
      }
      node = next;
    }
    if (this.phraseAt[node]! < 0) this.phraseAt[node] = this.phrases++;
    return this.phraseAt[node]!;
  }

  /** The first words of all phrases added so far. */
  firstWords(): IterableIterator<string> {
    return this.root.keys();
  }

  /**
   * Makes `form` (the first word `word` with a prefix of `prefix` characters)
   * lead into the same phrases as `word`. Where two words give one form
   * (وبكر: و + بكر, or وب + كر), the shorter prefix, the longer name, wins.
   */
  addPrefixedForm(form: string, word: string, prefix: number): void {
    const node = this.root.get(word);
    if (node === undefined || prefix <= 0 || prefix >= PREFIX_SLOTS) return;
    const existing = this.prefixed.get(form);
    if (existing === undefined || existing % PREFIX_SLOTS > prefix) this.prefixed.set(form, node * PREFIX_SLOTS + prefix);
  }

  get size(): number {
    return this.phrases;
  }

  private step(node: number, token: string): number | undefined {
    return node < 0 ? this.root.get(token) : this.edges.get(`${node} ${token}`);
  }

  /** Every occurrence of every phrase, all lengths at every start, in stream order. */
  findAll(stream: TokenStream): PhraseHit[] {
    const hits: PhraseHit[] = [];
    const { tokens, pluralPossessives } = stream;
    const root = this.root;
    const prefixed = this.prefixed.size > 0 ? this.prefixed : null;
    const n = tokens.length;
    for (let i = 0; i < n; i++) {
      const first = tokens[i];
      if (first === null || first === undefined) continue;
      if (pluralPossessives !== null && pluralPossessives.has(i)) this.possessiveHit(-1, first, i, i, 0, hits);
      const node = root.get(first);
      if (node !== undefined) this.walk(node, stream, i, 0, hits);
      const packed = prefixed?.get(first);
      if (packed !== undefined) {
        const prefix = packed % PREFIX_SLOTS;
        this.walk((packed - prefix) / PREFIX_SLOTS, stream, i, prefix, hits);
      }
    }
    return hits;
  }

  /** Hits of every phrase through `node`, whose first token is stream token `from`. */
  private walk(node: number | undefined, stream: TokenStream, from: number, prefix: number, hits: PhraseHit[]): void {
    const { tokens, pluralPossessives } = stream;
    const phraseAt = this.phraseAt;
    // Rule 5 of attached-prefixes.ts: a one-word phrase takes a prefix only when its word is long enough.
    const oneWordOk = prefix === 0 || tokens[from]!.length - prefix >= MIN_BARE_LETTERS;
    for (let j = from; node !== undefined; ) {
      if (phraseAt[node]! >= 0 && (j > from || oneWordOk)) {
        hits.push({ phrase: phraseAt[node]!, from, to: j + 1, trimmedS: false, prefix });
      }
      j++;
      const token = tokens[j];
      if (token === null || token === undefined) break; // a gap or the end: no name goes on
      if (pluralPossessives !== null && pluralPossessives.has(j)) this.possessiveHit(node, token, from, j, prefix, hits);
      node = this.edges.get(`${node} ${token}`);
    }
  }

  /** "Witkoffs'": a phrase may end at token j read without its final "s". */
  private possessiveHit(node: number, token: string, from: number, j: number, prefix: number, hits: PhraseHit[]): void {
    const bare = this.step(node, token.slice(0, -1));
    if (bare !== undefined && this.phraseAt[bare]! >= 0) {
      hits.push({ phrase: this.phraseAt[bare]!, from, to: j + 1, trimmedS: true, prefix });
    }
  }
}
