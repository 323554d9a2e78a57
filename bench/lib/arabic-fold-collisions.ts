/**
 * What two Arabic foldings cost in precision, measured on a real word list:
 * how many words ending in teh marbuta ة have a different word spelled with
 * heh ه instead (the fold merges them), and the same for alef maqsura ى and
 * yeh ي. Reads the Debian hunspell-ar dictionary (apt-get install
 * hunspell-ar; NEWSWATCH_AR_DIC to point elsewhere) and reports nothing when
 * it is absent. Stems only (affix flags dropped), marks and tatweel removed.
 */
import { existsSync, readFileSync } from 'node:fs';

export const AR_DIC = process.env.NEWSWATCH_AR_DIC ?? '/usr/share/hunspell/ar.dic';

export interface FoldCollisions {
  dictionary: string;
  stems: number;
  tehMarbuta: { words: number; collide: number; examples: string[] };
  alefMaqsura: { words: number; collide: number; examples: string[] };
}

function collisions(words: Set<string>, from: string, to: string) {
  const ending = [...words].filter((w) => w.endsWith(from));
  const collide = ending.filter((w) => words.has(w.slice(0, -1) + to));
  return { words: ending.length, collide: collide.length, examples: collide.slice(0, 10) };
}

export function arabicFoldCollisions(path = AR_DIC): FoldCollisions | undefined {
  if (!existsSync(path)) return undefined;
  const words = new Set<string>();
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const stem = line.split('/')[0]!.trim().normalize('NFKD').replace(/[\p{M}\u0640]/gu, '');
    if (stem !== '') words.add(stem);
  }
  return {
    dictionary: path,
    stems: words.size,
    tehMarbuta: collisions(words, '\u0629', '\u0647'),
    alefMaqsura: collisions(words, '\u0649', '\u064a'),
  };
}
