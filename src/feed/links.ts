import { resolveHttpUrl } from '../url/resolve.js';

/** A guid that is itself an absolute http(s) URL (RSS `isPermaLink`), usable when an item has no link. */
export function guidAsLink(guid: string | undefined): string | undefined {
  if (!guid || !/^https?:\/\//i.test(guid.trim())) return undefined;
  return resolveHttpUrl(guid);
}
