/**
 * The token sequences one configured name is matched as. Besides its own
 * tokens:
 * 1. A name with an invisible joining character inside a word (a Persian
 *    zero-width non-joiner: "محمد‌باقر") is also matched split there, as the
 *    same name is typed with a space too ("محمد باقر").
 * 2. Arabic compound names written joined or apart: عبد or أبو before a word
 *    with the article (عبدالرحمن / عبد الرحمن, أبوالغيط / أبو الغيط) are
 *    matched both ways. Only before the article: عبده (Abduh) and عبدون are
 *    names of their own.
 * 3. The kunya أبو in the other grammatical cases, أبي and أبا, when a word
 *    follows it in the name: "التقى بأبي مازن" is a mention of أبو مازن.
 * Adding a spelling twice is harmless: a phrase keeps one use per entity.
 */
import { INVISIBLES } from './fold.js';
import { nameTokens } from './tokenize.js';

const HAS_INVISIBLE = new RegExp(INVISIBLES.source, 'u');
/** Folded: أبو is ابو after the alef fold. */
const COMPOUND_HEADS = ['عبد', 'ابو'];
const ARTICLE = 'ال';
const MAY_HAVE_COMPOUND = /عبد|[اأإآ]بو/;
/** Either of the above, tested once per name: nearly every name has neither. */
const MAY_VARY = new RegExp(`${INVISIBLES.source}|${MAY_HAVE_COMPOUND.source}`, 'u');

export function spellingsOf(name: string): string[][] {
  const tokens = nameTokens(name);
  if (!MAY_VARY.test(name)) return [tokens]; // nearly every name: nothing to vary
  const out = [tokens];
  if (HAS_INVISIBLE.test(name)) out.push(nameTokens(name.replace(INVISIBLES, ' ')));
  if (MAY_HAVE_COMPOUND.test(name)) {
    for (const spelling of [...out]) out.push(compoundsSplit(spelling), compoundsJoined(spelling));
    for (const spelling of [...out]) out.push(...kunyaCases(spelling));
  }
  const seen = new Set<string>();
  return out.filter((t) => {
    const key = t.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const ABU = 'ابو';
const ABU_CASES = ['ابي', 'ابا'];

/** أبو مازن → أبي مازن, أبا مازن (and أبوالغيط → أبيالغيط… when joined). */
function kunyaCases(tokens: string[]): string[][] {
  const at = tokens.findIndex((t, i) => (t === ABU && i + 1 < tokens.length) || (t.startsWith(ABU + ARTICLE) && t.length > 5));
  if (at < 0) return [];
  return ABU_CASES.map((form) => tokens.map((t, i) => (i === at ? form + t.slice(ABU.length) : t)));
}

/** عبدالرحمن → عبد الرحمن. */
function compoundsSplit(tokens: string[]): string[] {
  return tokens.flatMap((t) => {
    const head = COMPOUND_HEADS.find((h) => t.startsWith(h + ARTICLE) && t.length > h.length + ARTICLE.length);
    return head ? [head, t.slice(head.length)] : [t];
  });
}

/** عبد الرحمن → عبدالرحمن. */
function compoundsJoined(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    if (COMPOUND_HEADS.includes(tokens[i]!) && next !== undefined && next.startsWith(ARTICLE) && next.length > ARTICLE.length) {
      out.push(tokens[i]! + next);
      i++;
    } else out.push(tokens[i]!);
  }
  return out;
}
