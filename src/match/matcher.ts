/**
 * compileMatcher: every watchlist of a config in one token trie, built once
 * per config load (each name with its spellings, name-spellings.ts, and its
 * first word with Arabic and Hebrew attached prefixes, attached-prefixes.ts);
 * match(): tokenize title and body once, find every phrase occurrence in one
 * pass, then apply each watchlist's rules (resolve.ts).
 */
import type { EntityConfig, WatchlistConfig } from '../config/types.js';
import { prefixedForms } from './attached-prefixes.js';
import { offsetAfterFolded } from './fold.js';
import { spellingsOf } from './name-spellings.js';
import { PhraseTrie, type PhraseHit } from './phrase-index.js';
import {
  EXCLUDE,
  FULL,
  SHORT,
  TEXT,
  TITLE,
  resolveMentions,
  type EntityHit,
  type Field,
  type PhraseKind,
} from './resolve.js';
import { snippetsFor } from './snippets.js';
import { Vocabulary, tokenize, type TokenStream } from './tokenize.js';
import type { EntityMatch, MatchInput, WatchlistMatch } from './types.js';

export interface Matcher {
  /**
   * The watchlists (all, or those in `watchlistIds`) with at least one
   * entity mentioned; entities by count descending, then config order.
   */
  match(input: MatchInput, watchlistIds?: string[]): WatchlistMatch[];
}

/** One use of a phrase: by which entity of which watchlist, as what. */
interface PhraseUse {
  watchlist: number;
  entity: number;
  kind: PhraseKind;
}

export function compileMatcher(watchlists: WatchlistConfig[]): Matcher {
  const trie = new PhraseTrie();
  const vocabulary = new Vocabulary();
  const uses: PhraseUse[][] = [];

  const addPhrases = (names: string[], watchlist: number, entity: number, kind: PhraseKind): void => {
    for (const name of names) {
      for (const tokens of spellingsOf(name)) addSpelling(tokens, watchlist, entity, kind);
    }
  };

  const addSpelling = (tokens: string[], watchlist: number, entity: number, kind: PhraseKind): void => {
    if (tokens.length === 0) return; // punctuation only: can never match a word
    for (const token of tokens) vocabulary.add(token);
    const id = trie.add(tokens);
    let list = uses[id];
    if (!list) uses[id] = list = [];
    // A phrase listed twice for one entity (name and alias folding alike) is one use,
    // the strongest kind kept: full before short before exclude.
    let same: PhraseUse | undefined;
    for (const u of list) if (u.watchlist === watchlist && u.entity === entity) same = u;
    if (!same) list.push({ watchlist, entity, kind });
    else if (kind < same.kind) same.kind = kind;
  };

  for (let w = 0; w < watchlists.length; w++) {
    const entities = watchlists[w]!.entities;
    for (let e = 0; e < entities.length; e++) {
      const entity: EntityConfig = entities[e]!;
      addPhrases([entity.name, ...entity.aliases], w, e, FULL);
      addPhrases(entity.shortNames, w, e, SHORT);
      addPhrases(entity.exclude, w, e, EXCLUDE);
    }
  }

  // Arabic and Hebrew first words written with an attached prefix (attached-prefixes.ts).
  for (const word of trie.firstWords()) {
    for (const { form, prefix } of prefixedForms(word)) {
      vocabulary.add(form);
      trie.addPrefixedForm(form, word, prefix);
    }
  }

  const indexById = new Map(watchlists.map((wl, w) => [wl.id, w]));

  return {
    match(input: MatchInput, watchlistIds?: string[]): WatchlistMatch[] {
      const wanted = watchlistIds
        ? new Set(watchlistIds.map((id) => indexById.get(id)).filter((w) => w !== undefined))
        : null;
      const title = input.title ?? '';
      const streams: Record<Field, TokenStream> = {
        [TITLE]: tokenize(title, vocabulary),
        [TEXT]: tokenize(input.text, vocabulary),
      };

      // Spread the occurrences to the watchlists that use them.
      const perWatchlist = new Map<number, EntityHit[]>();
      for (const field of [TITLE, TEXT] as const) {
        const stream = streams[field];
        for (const hit of trie.findAll(stream)) {
          for (const use of uses[hit.phrase]!) {
            if (wanted && !wanted.has(use.watchlist)) continue;
            let list = perWatchlist.get(use.watchlist);
            if (!list) perWatchlist.set(use.watchlist, (list = []));
            list.push(toEntityHit(hit, use, field, stream, field === TITLE ? title : input.text));
          }
        }
      }

      const results: WatchlistMatch[] = [];
      for (const w of [...perWatchlist.keys()].sort((a, b) => a - b)) {
        const mentions = resolveMentions(perWatchlist.get(w)!);
        if (mentions.length === 0) continue;
        const matches = entityMatches(watchlists[w]!, mentions, title, input.text);
        results.push({ watchlistId: watchlists[w]!.id, matches });
      }
      return results;
    },
  };
}

function toEntityHit(hit: PhraseHit, use: PhraseUse, field: Field, stream: TokenStream, text: string): EntityHit {
  const end = stream.ends[hit.to - 1]!;
  const start = stream.starts[hit.from]!;
  return {
    entity: use.entity,
    kind: use.kind,
    field,
    from: hit.from,
    to: hit.to,
    // An attached prefix is no part of the mention: "وخليل الحية" points at "خليل الحية".
    start: hit.prefix > 0 ? offsetAfterFolded(text, start, stream.ends[hit.from]!, hit.prefix) : start,
    end: hit.trimmedS ? end - 1 : end,
  };
}

function entityMatches(wl: WatchlistConfig, mentions: EntityHit[], title: string, text: string): EntityMatch[] {
  const byEntity = new Map<number, EntityHit[]>();
  for (const m of mentions) {
    const list = byEntity.get(m.entity);
    if (list) list.push(m);
    else byEntity.set(m.entity, [m]);
  }
  const out: Array<EntityMatch & { order: number }> = [];
  for (const [e, hits] of byEntity) {
    const entity = wl.entities[e]!;
    const inText = hits.filter((h) => h.field === TEXT);
    const inTitle = hits.filter((h) => h.field === TITLE);
    const snippets = inText.length > 0 ? snippetsFor(text, inText) : snippetsFor(title, inTitle);
    out.push({
      order: e,
      entityId: entity.id,
      name: entity.name,
      ...(entity.role !== undefined ? { role: entity.role } : {}),
      ...(entity.wikidata !== undefined ? { wikidata: entity.wikidata } : {}),
      count: hits.length,
      inTitle: inTitle.length > 0,
      snippets,
      offsets: hits.map((h) => ({ field: h.field === TITLE ? 'title' : 'text', start: h.start, end: h.end })),
    });
  }
  out.sort((a, b) => b.count - a.count || a.order - b.order);
  return out.map(({ order: _order, ...match }) => match);
}
