/**
 * Reading a person from the Wikidata API's `wbgetentities` action: the
 * request URL, and the answer parsed into labels and aliases per language.
 * Pure: the command (workers/commands/entities.ts) does the fetching.
 *
 * The answer's documented shape (Wikibase JSON):
 *   { "entities": { "Q42": { "id": "Q42", "type": "item",
 *       "labels":       { "en": { "language": "en", "value": "Douglas Adams" } },
 *       "descriptions": { "en": { "language": "en", "value": "English writer" } },
 *       "aliases":      { "en": [ { "language": "en", "value": "Douglas Noël Adams" } ] } } },
 *     "success": 1 }
 * An unknown id gives { "error": { "code": "no-such-entity", "info": "…" } }
 * (or, for some requests, an entity with a "missing" key).
 */

export const DEFAULT_WIKIDATA_API = 'https://www.wikidata.org/w/api.php';
export const DEFAULT_LANGUAGES = ['en', 'ar', 'fa', 'he', 'ru', 'tr'];

const ITEM_ID = /^Q[1-9][0-9]*$/;
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]+)*$/;

export interface WikidataPerson {
  id: string;
  /** Label per requested language that has one. */
  labels: Record<string, string>;
  /** Aliases per requested language that has some. */
  aliases: Record<string, string[]>;
  /** Descriptions per language ("Palestinian politician"). */
  descriptions: Record<string, string>;
}

/** An item id as the user may type it ("q42", "Q42", a wikidata.org URL) → "Q42"; throws on anything else. */
export function parseItemId(input: string): string {
  const id = input.trim().replace(/^.*\/(?:wiki|entity)\//, '').toUpperCase();
  if (!ITEM_ID.test(id)) throw new Error(`entities: "${input}" is not a Wikidata item id like Q42`);
  return id;
}

/** "en,ar, fa" → ["en", "ar", "fa"]; throws on a code that is not a language code. */
export function parseLanguages(input: string): string[] {
  const codes = input.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (codes.length === 0) throw new Error('entities: --languages needs at least one language code, e.g. en,ar,he');
  for (const code of codes) {
    if (!LANGUAGE.test(code)) throw new Error(`entities: "${code}" is not a language code like en, ar or he`);
  }
  return [...new Set(codes)];
}

/** The wbgetentities request for one item's labels, aliases and descriptions in `languages`. */
export function wbGetEntitiesUrl(api: string, id: string, languages: string[]): string {
  const url = new URL(api);
  url.searchParams.set('action', 'wbgetentities');
  url.searchParams.set('ids', id);
  url.searchParams.set('props', 'labels|aliases|descriptions');
  url.searchParams.set('languages', languages.join('|'));
  url.searchParams.set('format', 'json');
  return url.toString();
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One { language, value } term's value, or undefined when the shape is not that. */
function termValue(term: unknown): string | undefined {
  if (!isObject(term) || typeof term.value !== 'string') return undefined;
  const value = term.value.trim();
  return value === '' ? undefined : value;
}

/**
 * The person `id` from a wbgetentities answer, keeping only `languages`, in
 * that order. Throws a clear error for an API error, an unknown id, or an
 * answer that is not in the documented shape.
 */
export function parseWbGetEntities(body: string, id: string, languages: string[]): WikidataPerson {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('entities: the Wikidata API answered with something that is not JSON');
  }
  if (!isObject(json)) throw new Error('entities: unexpected answer from the Wikidata API (not an object)');
  if (isObject(json.error)) {
    const code = typeof json.error.code === 'string' ? json.error.code : 'error';
    const info = typeof json.error.info === 'string' ? json.error.info : '';
    if (code === 'no-such-entity') throw new Error(`entities: ${id} does not exist on Wikidata`);
    throw new Error(`entities: Wikidata API error ${code}${info ? `: ${info}` : ''}`);
  }
  const entity = isObject(json.entities) ? json.entities[id] : undefined;
  if (!isObject(entity)) throw new Error(`entities: the Wikidata API answer has no entity ${id}`);
  if ('missing' in entity) throw new Error(`entities: ${id} does not exist on Wikidata`);

  const labels: Record<string, string> = {};
  const aliases: Record<string, string[]> = {};
  const descriptions: Record<string, string> = {};
  const labelTerms = isObject(entity.labels) ? entity.labels : {};
  const aliasTerms = isObject(entity.aliases) ? entity.aliases : {};
  const descriptionTerms = isObject(entity.descriptions) ? entity.descriptions : {};
  for (const lang of languages) {
    const label = termValue(labelTerms[lang]);
    if (label !== undefined) labels[lang] = label;
    const list = aliasTerms[lang];
    const values = Array.isArray(list) ? list.map(termValue).filter((v): v is string => v !== undefined) : [];
    if (values.length > 0) aliases[lang] = values;
    const description = termValue(descriptionTerms[lang]);
    if (description !== undefined) descriptions[lang] = description;
  }
  if (Object.keys(labels).length === 0 && Object.keys(aliases).length === 0) {
    throw new Error(`entities: ${id} has no label or alias in ${languages.join(', ')}`);
  }
  return { id, labels, aliases, descriptions };
}
