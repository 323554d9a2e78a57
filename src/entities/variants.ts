/**
 * Common Latin transliterations of an Arabic-origin name, for the user to
 * pick aliases from (`newswatch entities variants`); nothing is added to a
 * watchlist without them. Each word of the name varies by:
 * 1. Known spellings of common names and name parts (SPELLINGS):
 *    Mohammed/Muhammad/Mohamed…, Hussein/Husayn…, Abu/Abou, bin/ibn.
 * 2. The article: al-X, el-X, the sun-letter assimilation (al-Sisi →
 *    as-Sisi, al-Rahman → ar-Rahman), joined (Alhayya), and none (Hayya).
 * 3. Doubled letters written once: Hayya → Haya, Hassan → Hasan.
 * 4. The feminine ending: -a → -ah (Hayya, Hayyah), -yah → -ya (Haniyah),
 *    -eh → -a, -ah (Haniyeh). Not -ah → -a after other letters: there the
 *    h is often the name's own (Fattah, Abdullah).
 * 5. Long vowels: ee → i, oo → u, ou → u (Khaleel → Khalil).
 * Whole-name variants change one word first, then more; spellings the
 * matcher already treats as one (case, hyphen or space: "Al-Hayya",
 * "al Hayya") are listed once.
 */
import { normalizeForMatch } from '../match/index.js';

const SPELLINGS: string[][] = [
  ['Mohammed', 'Muhammad', 'Mohamed', 'Mohammad', 'Muhammed', 'Mohamad'],
  ['Ahmed', 'Ahmad'],
  ['Mahmoud', 'Mahmud'],
  ['Mustafa', 'Mostafa', 'Moustafa', 'Mustapha'],
  ['Hussein', 'Husayn', 'Hussain', 'Hossein'],
  ['Hassan', 'Hasan'],
  ['Omar', 'Umar'],
  ['Osama', 'Usama', 'Oussama'],
  ['Youssef', 'Yusuf', 'Yousef', 'Yousif'],
  ['Khalil', 'Khaleel'],
  ['Khaled', 'Khalid'],
  ['Walid', 'Waleed'],
  ['Saeed', 'Said', 'Saied'],
  ['Jamal', 'Gamal'],
  ['Abdullah', 'Abdallah', 'Abdulla'],
  ['Abdel', 'Abdul', 'Abd al', 'Abd el'],
  ['Ismail', 'Ismael', 'Esmail'],
  ['Ibrahim', 'Ebrahim'],
  ['Yahya', 'Yehia', 'Yahia'],
  ['Faisal', 'Faysal', 'Feisal'],
  ['Tariq', 'Tarek', 'Tarik'],
  ['Nasser', 'Nasir', 'Naser'],
  ['Zayed', 'Zaid', 'Zayd'],
  ['Qassem', 'Qasem', 'Kassem', 'Qasim'],
  ['Haniyeh', 'Haniyah', 'Haniya'],
  ['Nasrallah', 'Nasrullah'],
  ['Abu', 'Abou'],
  ['bin', 'ibn', 'ben'],
];
const SPELLINGS_BY_WORD = new Map(SPELLINGS.flatMap((group) => group.map((w) => [w.toLowerCase(), group] as const)));

/** The article in any of its written forms, before a hyphen: al-, el-, as-, ash-, ad-… */
const ARTICLE = /^(al|el|a[dnrstz]|ash|ath|adh)-(.+)$/i;
/** Sun letters as transliterated: the article takes their sound (al-Sisi → as-Sisi). */
const SUN_LETTERS = ['sh', 'th', 'dh', 't', 'd', 'r', 'z', 's', 'n'];

const MAX_PER_WORD = 12;
export const MAX_VARIANTS = 40;

const matchKey = (s: string): string => normalizeForMatch(s).text;

/** The written case of `model` carried over to `word` (capitalised, lower or upper). */
function inCaseOf(model: string, word: string): string {
  if (model === model.toUpperCase() && model.length > 1) return word.toUpperCase();
  if (model[0] === model[0]!.toLowerCase()) return word.toLowerCase();
  return word[0]!.toUpperCase() + word.slice(1).toLowerCase();
}

/** Rules 1, 3, 4, 5 for one word without an article. */
function coreVariants(word: string): string[] {
  const out = [word];
  for (const known of SPELLINGS_BY_WORD.get(word.toLowerCase()) ?? []) out.push(inCaseOf(word, known));
  for (const w of [...out]) {
    const once = w.replace(/([b-df-hj-np-tv-z])\1/gi, '$1');
    if (once !== w) out.push(once);
  }
  for (const w of [...out]) {
    if (/[^aeiou]a$/i.test(w)) out.push(`${w}h`);
    else if (/yah$/i.test(w)) out.push(w.slice(0, -1));
    else if (/[^aeiou]eh$/i.test(w)) out.push(`${w.slice(0, -2)}a`, `${w.slice(0, -2)}ah`);
  }
  for (const w of [...out]) {
    const short = w.replace(/ee/gi, 'i').replace(/oo|ou/gi, 'u');
    if (short !== w) out.push(short);
  }
  return out;
}

/** Rule 2 around the core variants of a word with an article. */
function wordVariants(word: string): string[] {
  const article = ARTICLE.exec(word);
  if (!article) return coreVariants(word).slice(0, MAX_PER_WORD);
  const [, written, core] = article as unknown as [string, string, string];
  const lower = written === written.toLowerCase();
  const sun = SUN_LETTERS.find((s) => core.toLowerCase().startsWith(s));
  const articles = [written, lower ? 'al' : 'Al', lower ? 'el' : 'El', ...(sun ? [`${lower ? 'a' : 'A'}${sun}`] : [])];
  const out: string[] = [];
  for (const c of coreVariants(core)) {
    for (const a of articles) out.push(`${a}-${c}`);
    out.push(`Al${c.toLowerCase()}`, c[0]!.toUpperCase() + c.slice(1));
  }
  return out;
}

/**
 * Latin spellings of `name` other than itself, fewest changed words first,
 * at most MAX_VARIANTS, none that the matcher would treat as the same name.
 */
export function latinVariants(name: string): string[] {
  const words = name.trim().split(/\s+/).filter((w) => w !== '');
  const perWord = words.map((w) => {
    const seen = new Set<string>();
    return wordVariants(w).filter((v) => {
      const key = matchKey(v);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }).slice(0, MAX_PER_WORD);
  });
  const seen = new Set([matchKey(name)]);
  const out: string[] = [];
  // Every combination, by how many words differ from the name: 1, 2, …
  for (let changes = 1; changes <= words.length && out.length < MAX_VARIANTS; changes++) {
    for (const combo of combinations(perWord, changes)) {
      const variant = combo.join(' ');
      const key = matchKey(variant);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(variant);
      if (out.length >= MAX_VARIANTS) break;
    }
  }
  return out;
}

/** Each choice of one variant per word in which exactly `changes` words are not the original (index 0). */
function* combinations(perWord: string[][], changes: number, from = 0, prefix: string[] = []): Generator<string[]> {
  if (from === perWord.length) {
    if (changes === 0) yield prefix;
    return;
  }
  const options = perWord[from]!;
  const remaining = perWord.length - from;
  if (changes < remaining) yield* combinations(perWord, changes, from + 1, [...prefix, options[0]!]);
  if (changes > 0) {
    for (let k = 1; k < options.length; k++) yield* combinations(perWord, changes - 1, from + 1, [...prefix, options[k]!]);
  }
}
