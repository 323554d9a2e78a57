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

export interface TrieNode {
  /** Phrase id ending at this node, or -1. */
  phrase: number;
  next: Map<string, TrieNode> | null;
}

/** One occurrence of a phrase in a token stream: tokens [from, to). */
export interface PhraseHit {
  phrase: number;
  from: number;
  to: number;
  /** The last token matched without its plural-possessive "s" ("Witkoffs'"). */
  trimmedS: boolean;
}

export class PhraseTrie {
  private readonly root = new Map<string, TrieNode>();
  private readonly ids = new Map<string, number>();

  /** Adds a phrase (its folded tokens) and returns its id; the same tokens get the same id. */
  add(tokens: string[]): number {
    const key = tokens.join(' ');
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.ids.size;
    this.ids.set(key, id);
    let level = this.root;
    let node: TrieNode | undefined;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      node = level.get(token);
      if (!node) {
        node = { phrase: -1, next: null };
        level.set(token, node);
      }
      if (t < tokens.length - 1) {
        node.next ??= new Map();
        level = node.next;
      }
    }
    node!.phrase = id;
    return id;
  }

  get size(): number {
    return this.ids.size;
  }

  /** Every occurrence of every phrase, all lengths at every start, in stream order. */
  findAll(stream: TokenStream): PhraseHit[] {
    const hits: PhraseHit[] = [];
    const { tokens, pluralPossessives } = stream;
    const root = this.root;
    const n = tokens.length;
    const checkPossessive = pluralPossessives.size > 0;
    for (let i = 0; i < n; i++) {
      let level: Map<string, TrieNode> | null = root;
      for (let j = i; j < n && level; j++) {
        const token = tokens[j];
        if (token === null || token === undefined) break; // a gap: no name goes through it
        if (checkPossessive && pluralPossessives.has(j)) {
          const bare = level.get(token.slice(0, -1));
          if (bare && bare.phrase >= 0) hits.push({ phrase: bare.phrase, from: i, to: j + 1, trimmedS: true });
        }
        const node: TrieNode | undefined = level.get(token);
        if (!node) break;
        if (node.phrase >= 0) hits.push({ phrase: node.phrase, from: i, to: j + 1, trimmedS: false });
        level = node.next;
      }
    }
    return hits;
  }
}
