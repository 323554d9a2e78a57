/**
 * Attached prefixes: Arabic and Hebrew write some short words joined to the
 * next word, so "and Khalil" is one word, وخليل, and "to Witkoff" is
 * לוויטקוף. A name preceded by one of them is still a mention of that name.
 *
 * The rules:
 * 1. Only a name's first word takes a prefix: inside a name a prefix makes
 *    another phrase ("خليل والحية" is "Khalil and al-Hayya").
 * 2. Arabic (a word in Arabic script): an optional conjunction و "and" or
 *    ف "so", then an optional preposition ب "with/by", ك "like" or ل "to";
 *    at least one of them. Before a word that starts with the article ال
 *    the preposition ل swallows the article's alef: ل + الحية → للحية.
 * 3. The Arabic article ال is not added to a name written without it: it
 *    makes another name or word (خليل → الخليل, Hebron; حسن → الحسن;
 *    عباس → العباس). A name that has the article (الحية) takes the
 *    prefixes of rule 2 before it: والحية, بالحية, للحية.
 * 4. Hebrew (a word in Hebrew script): an optional ו "and", then an optional
 *    ש or כש "that/when", then an optional ב כ ל מ ה ("in", "like", "to",
 *    "from", "the"); at least one of them. A word that starts with a single
 *    vav gets it doubled after a prefix, as the full spelling writes it
 *    (ל + ויטקוף → לוויטקוף), and is also accepted without.
 * 5. A one-word phrase (a short name, usually) takes a prefix only when the
 *    word itself has at least MIN_BARE_LETTERS letters: with fewer, prefix
 *    plus name is too often another word (ولي "guardian" is و + لي "Lee").
 *    Enforced where phrases are found (phrase-index.ts).
 * A longer word that merely starts with the same letters is no mention:
 * every form is a whole word, prefix and name and nothing more.
 */

export const MIN_BARE_LETTERS = 3;

const ARABIC_CONJUNCTIONS = ['', 'و', 'ف'];
const ARABIC_PREPOSITIONS = ['', 'ب', 'ك', 'ل'];
const ARTICLE = 'ال';
const HEBREW_CONJUNCTIONS = ['', 'ו'];
const HEBREW_RELATIVES = ['', 'ש', 'כש'];
const HEBREW_PREPOSITIONS = ['', 'ב', 'כ', 'ל', 'מ', 'ה'];

/** Hebrew block letters and Arabic block letters (after folding: presentation forms are gone). */
const isHebrew = (c: number): boolean => c >= 0x05d0 && c <= 0x05ea;
const isArabic = (c: number): boolean =>
  (c >= 0x0620 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d3) || (c >= 0x06fa && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0x08a0 && c <= 0x08ff);

/** One prefixed spelling of a name word: the whole word, and how many of its leading characters are the prefix. */
export interface PrefixedForm {
  form: string;
  prefix: number;
}

/** Every prefixed form of one folded name word (none for words outside Arabic and Hebrew script). */
export function prefixedForms(word: string): PrefixedForm[] {
  const first = word.charCodeAt(0);
  if (first < 0x0590) return []; // Latin, Greek, Cyrillic…: the common case, at once
  if (isArabic(first)) return arabicForms(word);
  if (isHebrew(first)) return hebrewForms(word);
  return [];
}

function arabicForms(word: string): PrefixedForm[] {
  const forms: PrefixedForm[] = [];
  const hasArticle = word.startsWith(ARTICLE);
  for (const conjunction of ARABIC_CONJUNCTIONS) {
    for (const preposition of ARABIC_PREPOSITIONS) {
      const prefix = conjunction + preposition;
      if (prefix === '') continue;
      if (preposition === 'ل' && hasArticle) {
        // ل + الحية → للحية: the article's alef is dropped; the prefix is the first lam.
        forms.push({ form: prefix + word.slice(1), prefix: prefix.length });
      } else {
        forms.push({ form: prefix + word, prefix: prefix.length });
      }
    }
  }
  return forms;
}

function hebrewForms(word: string): PrefixedForm[] {
  const forms: PrefixedForm[] = [];
  const doubledVav = word.startsWith('ו') && !word.startsWith('וו');
  for (const conjunction of HEBREW_CONJUNCTIONS) {
    for (const relative of HEBREW_RELATIVES) {
      for (const preposition of HEBREW_PREPOSITIONS) {
        const prefix = conjunction + relative + preposition;
        if (prefix === '') continue;
        forms.push({ form: prefix + word, prefix: prefix.length });
        // A word-initial consonant vav is doubled once a prefix makes it medial: ל + ויטקוף → לוויטקוף.
        if (doubledVav) forms.push({ form: prefix + 'ו' + word, prefix: prefix.length });
      }
    }
  }
  return forms;
}
