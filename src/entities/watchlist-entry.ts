/**
 * A watchlist entry drafted from a Wikidata person, printed as YAML for the
 * user to review and paste under a watchlist's `entities:`. Rules:
 * 1. name: the English label, else the first requested language's label.
 * 2. aliases: every requested language's label and aliases, grouped by
 *    language in the order asked, each group under a comment naming it;
 *    a spelling the matcher already treats as one before it (same words
 *    after normalisation: case, accents, hyphens, Arabic letter forms) is
 *    not listed again, only named in that comment, so every language's
 *    spellings show.
 * 3. shortNames, suggested: the last word of each label, with the particle
 *    before it when there is one (al-, bin, Abu, von, ben…), unless the
 *    label is that one word. They count only beside a full name, but a
 *    surname that is also a common word should be removed.
 * 4. id: the name in lower-case ASCII words joined by "-", else the item id.
 * 5. wikidata: the item id; role: the English description, when there is one.
 */
import { Document, type Scalar, type YAMLSeq } from 'yaml';
import { normalizeForMatch } from '../match/index.js';
import type { WikidataPerson } from './wikidata.js';

export interface EntityDraft {
  id: string;
  name: string;
  wikidata: string;
  role?: string;
  /** Aliases grouped by language, in the order the languages were asked for; `same`: its spellings the matcher reads as one listed earlier. */
  aliases: Array<{ language: string; names: string[]; same: string[] }>;
  shortNames: string[];
}

/** Words that belong to the surname after them: "al-Hayya" is one word, "bin Salman" two. */
const PARTICLES = new Set([
  'al', 'el', 'bin', 'ibn', 'bint', 'abu', 'abou', 'ben', 'ould', 'van', 'von', 'de', 'da', 'di', 'del', 'der', 'du', 'la', 'le',
  'بن', 'ابن', 'أبو', 'ابو', 'בן', 'אבו', 'бен', 'ибн', 'абу', 'аль', 'эль',
]);

const matchKey = (s: string): string => normalizeForMatch(s).text;

export function draftEntity(person: WikidataPerson, languages: string[]): EntityDraft {
  const labelLanguages = languages.filter((l) => person.labels[l] !== undefined);
  const name = person.labels.en ?? (labelLanguages[0] ? person.labels[labelLanguages[0]] : undefined) ?? firstAlias(person, languages);
  const seen = new Set([matchKey(name)]);
  const aliases: EntityDraft['aliases'] = [];
  for (const language of languages) {
    const names: string[] = [];
    const same: string[] = [];
    for (const candidate of [person.labels[language], ...(person.aliases[language] ?? [])]) {
      if (candidate === undefined) continue;
      const key = matchKey(candidate);
      if (key === '') continue;
      if (seen.has(key)) {
        if (candidate !== name) same.push(candidate);
        continue;
      }
      seen.add(key);
      names.push(candidate);
    }
    if (names.length > 0 || same.length > 0) aliases.push({ language, names, same });
  }

  const shortNames: string[] = [];
  const shortSeen = new Set<string>();
  for (const language of labelLanguages) {
    const short = surnameOf(person.labels[language]!);
    const key = short === undefined ? '' : matchKey(short);
    if (short === undefined || key === '' || shortSeen.has(key) || seen.has(key)) continue;
    shortSeen.add(key);
    shortNames.push(short);
  }

  const description = person.descriptions.en;
  return {
    id: slugOf(name) ?? person.id.toLowerCase(),
    name,
    wikidata: person.id,
    ...(description !== undefined && { role: description }),
    aliases,
    shortNames,
  };
}

function firstAlias(person: WikidataPerson, languages: string[]): string {
  for (const l of languages) if (person.aliases[l]?.[0]) return person.aliases[l][0];
  throw new Error(`entities: ${person.id} has no name to use`);
}

/** Rule 3: the last word, with a particle before it; undefined for a one-word label. */
export function surnameOf(label: string): string | undefined {
  const words = label.trim().split(/\s+/);
  if (words.length < 2) return undefined;
  const last = words[words.length - 1]!;
  const before = words[words.length - 2]!;
  if (PARTICLES.has(before.toLowerCase()) && words.length > 2) return `${before} ${last}`;
  return last;
}

/** Rule 4: "Khalil al-Hayya" → "khalil-al-hayya"; undefined when no ASCII letter or digit is left. */
export function slugOf(name: string): string | undefined {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z0-9]/.test(slug) ? slug : undefined;
}

/** The draft as one YAML list item, with comments saying where each part came from. */
export function renderEntityYaml(draft: EntityDraft, languages: string[]): string {
  const entity = {
    id: draft.id,
    name: draft.name,
    wikidata: draft.wikidata,
    ...(draft.role !== undefined && { role: draft.role }),
    aliases: draft.aliases.flatMap((g) => g.names),
    shortNames: draft.shortNames,
  };
  const doc = new Document([entity]);
  doc.commentBefore = [
    ` ${draft.name} (${draft.wikidata}), from Wikidata labels and aliases in ${languages.join(', ')}.`,
    ' Review, then paste under a watchlist\'s "entities:".',
  ].join('\n');
  const aliasSeq = doc.getIn([0, 'aliases'], true) as YAMLSeq;
  let index = 0;
  let pending: string[] = []; // comments of languages with nothing new, waiting for the next item
  for (const group of draft.aliases) {
    const comment = group.same.length === 0 ? ` ${group.language}` : ` ${group.language} (also ${group.same.join(', ')}: the same to the matcher as a name above)`;
    if (group.names.length === 0) {
      pending.push(comment);
      continue;
    }
    (aliasSeq.items[index] as Scalar).commentBefore = [...pending, comment].join('\n');
    pending = [];
    index += group.names.length;
  }
  if (pending.length > 0) aliasSeq.comment = pending.join('\n');
  const shortSeq = doc.getIn([0, 'shortNames'], true) as YAMLSeq;
  if (shortSeq.items.length > 0) {
    (shortSeq.items[0] as Scalar).commentBefore =
      ' suggested: each counts only beside a full name; drop any that is also a common word';
  }
  return doc.toString({ lineWidth: 0 });
}
