import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigPath } from './issues.js';

export interface Position {
  line: number;
  col: number;
}

/** A position, and the source offsets of the node it points at. */
export interface Located extends Position {
  start: number;
  end: number;
}

/**
 * Where a path of the config tree is written in the file. `at: 'key'` gives
 * the key's position (for unknown keys); otherwise the value's, or the key's
 * when the value is empty (`name:`). A path that does not exist (a missing
 * field) resolves to its nearest existing ancestor, an empty document to 1:1.
 */
export function locate(doc: Document, lines: LineCounter, path: ConfigPath, at: 'key' | 'value' = 'value'): Located {
  let node: unknown = doc.contents;
  let best: unknown = node;
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      node = (last && at === 'key') || isEmpty(pair.value) ? pair.key : pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined || node === null) break;
    } else {
      break;
    }
    best = node;
  }
  const range = (best as Node | null | undefined)?.range;
  if (!range) return { line: 1, col: 1, start: 0, end: 0 };
  return { ...positionOf(range[0], lines), start: range[0], end: range[1] };
}

/** An absent value, or the empty null scalar the parser makes for `key:`. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (!isScalar(value) || value.value !== null || !value.range) return false;
  return value.range[0] === value.range[1];
}

export function positionOf(offset: number, lines: LineCounter): Position {
  const { line, col } = lines.linePos(offset);
  return { line: Math.max(line, 1), col: Math.max(col, 1) };
}
