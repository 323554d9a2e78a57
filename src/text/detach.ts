/**
 * A copy of `s` that shares no memory with the string it was cut from.
 *
 * V8 makes a substring of 13 or more characters (`slice`, `substring`, a
 * regex match) a view into its parent, and the view keeps the whole parent
 * alive. A class name read from a 2 MB page and kept as a cache key keeps
 * that page in memory for as long as the key lives: a cache shared across
 * pages then holds every page it has seen a new name on. A string that
 * outlives the document it came from goes through here first.
 *
 * UTF-16 in and out, so every code unit (a lone surrogate too) is kept as is.
 */
export function detachString(s: string): string {
  // Short strings are copied by V8 anyway (and the empty one is shared).
  if (s.length < 13) return s;
  return Buffer.from(s, 'utf16le').toString('utf16le');
}
