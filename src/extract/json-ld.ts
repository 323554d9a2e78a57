/**
 * JSON-LD: finds the article object(s) a page describes itself with.
 * Pages ship broken JSON-LD often enough (raw newlines in strings, trailing
 * commas, HTML comments, several objects glued together) that parsing is
 * lenient, and a block that still fails is skipped, never fatal.
 */

export type JsonObject = Record<string, unknown>;

const ARTICLE_TYPES = new Set([
  'article', 'newsarticle', 'reportagenewsarticle', 'analysisnewsarticle', 'opinionnewsarticle',
  'backgroundnewsarticle', 'reviewnewsarticle', 'askpublicnewsarticle', 'blogposting',
  'liveblogposting', 'socialmediaposting', 'techarticle', 'scholarlyarticle', 'report',
  'satiricalarticle', 'advertisercontentarticle', 'medicalscholarlyarticle', 'discussionforumposting',
]);
const PAGE_TYPES = new Set(['webpage', 'itempage', 'collectionpage', 'aboutpage', 'profilepage']);

/** Parses one ld+json block leniently; returns undefined when it cannot. */
export function parseJsonLd(raw: string): unknown {
  const text = raw.trim().replace(/^<!--|-->$/g, '').replace(/^\s*\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>\s*$/g, '').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Common breakage: control characters inside strings, trailing commas.
    const repaired = text.replace(/[\u0000-\u001f]+/g, ' ').replace(/,\s*([}\]])/g, '$1');
    try {
      return JSON.parse(repaired);
    } catch {
      try {
        return JSON.parse(`[${repaired.replace(/}\s*{/g, '},{')}]`);
      } catch {
        return undefined;
      }
    }
  }
}

function typesOf(o: JsonObject): string[] {
  const t = o['@type'];
  const list = Array.isArray(t) ? t : [t];
  return list.filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase().replace(/^.*[/#:]/, ''));
}

export function isArticleObject(o: JsonObject): boolean {
  return typesOf(o).some((t) => ARTICLE_TYPES.has(t));
}

export function isPageObject(o: JsonObject): boolean {
  return typesOf(o).some((t) => PAGE_TYPES.has(t));
}

/**
 * All objects in the parsed blocks, flattened through arrays, `@graph` and
 * nested values (mainEntity, hasPart, ...), breadth-first with a budget.
 */
export function flattenJsonLd(blocks: unknown[]): JsonObject[] {
  const out: JsonObject[] = [];
  const queue: unknown[] = [...blocks];
  let budget = 5_000;
  while (queue.length > 0 && budget-- > 0) {
    const v = queue.shift();
    if (Array.isArray(v)) {
      queue.push(...v);
    } else if (v !== null && typeof v === 'object') {
      const o = v as JsonObject;
      if ('@type' in o) out.push(o);
      for (const [k, child] of Object.entries(o)) {
        if (k === 'articleBody' || k === 'text') continue;
        if (child !== null && typeof child === 'object') queue.push(child);
      }
    }
  }
  return out;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? undefined : s;
  }
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (v !== null && typeof v === 'object') {
    const o = v as JsonObject;
    return str(o['@value'] ?? o['name']);
  }
  return undefined;
}

/** Names of the author(s): strings, Person objects, or arrays of either. */
export function authorNames(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  const names: string[] = [];
  for (const a of list) {
    const n = typeof a === 'string' ? a.trim() : a !== null && typeof a === 'object' ? str((a as JsonObject)['name']) : undefined;
    if (n && !/^https?:\/\//.test(n) && !names.includes(n)) names.push(n);
  }
  return names;
}
