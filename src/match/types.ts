/** One entity found in one article, per SPEC's webhook `matches[]` (plus offsets). */
export interface EntityMatch {
  entityId: string;
  name: string;
  role?: string;
  /** The entity's Wikidata item id ("Q…") when the config gives one, so receivers can link the person. */
  wikidata?: string;
  /** Mentions in title and body together. */
  count: number;
  inTitle: boolean;
  /** Up to 3 whole sentences that name the entity, each at most 300 characters, plain text. */
  snippets: string[];
  /** Where the mentions are: field and [start, end) offsets into that field's original text. */
  offsets: Array<{ field: 'title' | 'text'; start: number; end: number }>;
}

export interface WatchlistMatch {
  watchlistId: string;
  matches: EntityMatch[];
}

export interface MatchInput {
  title?: string;
  text: string;
}
