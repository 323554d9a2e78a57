/**
 * Which raw phrase occurrences count as mentions, for the entities of one
 * watchlist. The rules, in order:
 *
 * 1. Exclude: an occurrence of a name, alias or short name that lies inside
 *    an occurrence of one of the same entity's exclude phrases does not count.
 * 2. Overlaps, leftmost-longest: in each field, going left to right, the
 *    occurrence that starts first wins; among those starting at the same
 *    token the longest wins; anything overlapping a winner is dropped. So
 *    "Donald Trump Jr." is one mention of the entity "Donald Trump Jr.", not
 *    also one of "Donald Trump", and "Steve Witkoff" is one mention, not also
 *    one of the short name "Witkoff". Occurrences with exactly the same span
 *    all win (two entities sharing an alias are both mentioned), but each
 *    entity counts a span once. Overlaps are settled among the entities of
 *    one watchlist: another user's watchlist never changes this one's result.
 * 3. Short names count only for entities named in full (a name or alias that
 *    survives rules 1 and 2) somewhere in the article, title or body.
 */

export const FULL = 0;
export const SHORT = 1;
export const EXCLUDE = 2;
export type PhraseKind = typeof FULL | typeof SHORT | typeof EXCLUDE;

export const TITLE = 0;
export const TEXT = 1;
export type Field = typeof TITLE | typeof TEXT;

/** A phrase occurrence attributed to one entity (its index in the watchlist). */
export interface EntityHit {
  entity: number;
  kind: PhraseKind;
  field: Field;
  /** Token range in the field's token stream. */
  from: number;
  to: number;
  /** Offsets in the field's original text. */
  start: number;
  end: number;
}

/** The hits that count as mentions, ordered by field (title first) then position. */
export function resolveMentions(hits: EntityHit[]): EntityHit[] {
  const candidates = dropExcluded(hits);
  const fullOnly = candidates.filter((h) => h.kind === FULL);
  const namedInFull = new Set(leftmostLongest(fullOnly).map((h) => h.entity));
  const counted = candidates.filter((h) => namedInFull.has(h.entity));
  return leftmostLongest(counted);
}

function dropExcluded(hits: EntityHit[]): EntityHit[] {
  const excludes = hits.filter((h) => h.kind === EXCLUDE);
  const names = hits.filter((h) => h.kind !== EXCLUDE);
  if (excludes.length === 0) return names;
  return names.filter(
    (h) =>
      !excludes.some(
        (x) => x.entity === h.entity && x.field === h.field && x.from <= h.from && h.to <= x.to,
      ),
  );
}

function leftmostLongest(hits: EntityHit[]): EntityHit[] {
  const sorted = [...hits].sort(
    (a, b) =>
      a.field - b.field ||
      a.from - b.from ||
      b.to - a.to ||
      a.kind - b.kind || // a full name before a short name on the same span
      a.entity - b.entity,
  );
  const chosen: EntityHit[] = [];
  let field = -1;
  let groupFrom = -1;
  let groupTo = -1;
  let groupEntities = new Set<number>();
  for (const hit of sorted) {
    if (hit.field === field && hit.from === groupFrom && hit.to === groupTo) {
      if (groupEntities.has(hit.entity)) continue;
      groupEntities.add(hit.entity);
      chosen.push(hit);
      continue;
    }
    if (hit.field === field && hit.from < groupTo) continue; // overlaps the winner
    field = hit.field;
    groupFrom = hit.from;
    groupTo = hit.to;
    groupEntities = new Set([hit.entity]);
    chosen.push(hit);
  }
  return chosen;
}
