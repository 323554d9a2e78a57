/**
 * A token-level trie (Aho-Corasick over words, without failure links: names
 * are a few tokens long, so restarting at every token costs one hash look-up
 * when the token starts no name, which is nearly always).
 *
 * Every name, alias, short name and exclude phrase of every watchlist goes
 * into one trie; each distinct folded phrase is stored once and carries the
 * list of (watchlist, entity, kind) that use it.
 */
import type { TokenStream } from './tokenize.js';

/** One occurrence of a phrase in a token stream: tokens [from, to). */
export interface PhraseHit {
  phrase: number;
  from: number;
  to: number;
  /** The last token matched without its plural-possessive "s" ("Witkoffs'"). */
  trimmedS: boolean;
}

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
    const phraseAt = this.phraseAt;
    const n = tokens.length;
    const checkPossessive = pluralPossessives !== null;
    for (let i = 0; i < n; i++) {
      const first = tokens[i];
      if (first === null || first === undefined) continue;
      if (checkPossessive && pluralPossessives!.has(i)) this.possessiveHit(-1, first, i, i, hits);
      let node = root.get(first);
      for (let j = i; node !== undefined; ) {
        if (phraseAt[node]! >= 0) hits.push({ phrase: phraseAt[node]!, from: i, to: j + 1, trimmedS: false });
        j++;
        const token = tokens[j];
        if (token === null || token === undefined) break; // a gap or the end: no name goes on
        if (checkPossessive && pluralPossessives!.has(j)) this.possessiveHit(node, token, i, j, hits);
        node = this.edges.get(`${node} ${token}`);
      }
    }
    return hits;
  }

  /** "Witkoffs'": a phrase may end at token j read without its final "s". */
  private possessiveHit(node: number, token: string, from: number, j: number, hits: PhraseHit[]): void {
    const bare = this.step(node, token.slice(0, -1));
    if (bare !== undefined && this.phraseAt[bare]! >= 0) {
      hits.push({ phrase: this.phraseAt[bare]!, from, to: j + 1, trimmedS: true });
    }
  }
}
