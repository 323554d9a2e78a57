/**
 * Arabic-script input for bench:match. The corpus has no Arabic news text,
 * so this one is generated, seeded: sentences of common Arabic news words
 * (written for this bench), some with short vowels, tatweel, attached
 * prefixes and a right-to-left mark after the full stop, as real pages have
 * them; people's names of Arabic letters, a few written the Persian way
 * (ی, ک, ه for ي, ك, ة) or with a prefix (و، ب، ل).
 */
import type { EntityConfig } from '../../src/config/types.js';
import { prng } from './prng.js';

const WORDS = (
  'قال أكد أعلن أضاف أوضح نفى كشف مصدر مصادر مسؤول مسؤولون الرئيس رئيس الوزراء وزير الخارجية الحكومة ' +
  'المفاوضات الاتفاق وقف إطلاق النار غزة القاهرة الدوحة بيروت دمشق طهران القدس الضفة الغربية الحركة ' +
  'الوفد الوسطاء الأمريكي المصري القطري الإسرائيلي الفلسطيني اللقاء الاجتماع الجولة المقبلة الأسبوع ' +
  'يوم الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت صباح مساء أمس اليوم غدا بعد قبل خلال حول ' +
  'إلى من في على عن مع أن إن التي الذي هذه هذا ذلك تلك كما حيث لكن بين عدد الأسرى المحتجزين الرهائن ' +
  'المساعدات الإنسانية المعابر الحدود الجيش القوات العسكرية الأمنية السياسية الدولية مجلس الأمن ' +
  'الأمم المتحدة الولايات المتحدة الاتحاد الأوروبي الصحفيين بيان رسمي وكالة الأنباء تقرير مصادر مطلعة ' +
  'المرحلة الثانية الأولى التهدئة الانسحاب إعادة الإعمار الضمانات المقترح الرد الموقف الشروط ' +
  'والمفاوضات وبحث وأشار وتابع بالاتفاق للمفاوضات فالوفد بالقاهرة لقطاع الفلسطينيين'
).split(' ');

const MARKED = ['قَالَ', 'المُفَاوَضَات', 'الاتِّفَاق', 'غَزَّة', 'الحُكُومَة', 'المَرحـــلة', 'الوَفْد'];

const SYLLABLES = ['مح', 'سا', 'ري', 'عب', 'دا', 'لح', 'سن', 'جما', 'كر', 'يم', 'فا', 'طم', 'نو', 'ره', 'زي', 'بل', 'خا', 'لد', 'شر', 'قا', 'وي', 'حي', 'تا', 'مو'];

/** `count` Arabic-script people with 3 full names each, like bench/match.ts's Latin ones. */
export function generateArabicPeople(count: number): EntityConfig[] {
  const rand = prng(count + 7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const word = (n: number): string => Array.from({ length: n }, () => pick(SYLLABLES)).join('');
  const seen = new Set<string>();
  const people: EntityConfig[] = [];
  while (people.length < count) {
    const first = word(2);
    const last = word(2 + Math.floor(rand() * 2));
    const name = `${first} ${last}`;
    if (seen.has(name)) continue;
    seen.add(name);
    people.push({
      id: `a${people.length}`,
      name,
      aliases: [`${first} ال${last}`, `${word(2)} ${last}ة`],
      shortNames: [],
      exclude: [],
    });
  }
  return people;
}

/** Persian keyboard letters for some of a name's Arabic ones. */
const persian = (s: string): string => s.replace(/ي/g, 'ی').replace(/ك/g, 'ک').replace(/ة/g, 'ه');

/** About `chars` characters of Arabic news-like text, one name per ~2,000 characters. */
export function buildArabicText(people: EntityConfig[], chars: number): string {
  const rand = prng(99);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const parts: string[] = [];
  let size = 0;
  let sinceName = 0;
  while (size < chars) {
    const words: string[] = [];
    const length = 8 + Math.floor(rand() * 18);
    for (let i = 0; i < length; i++) words.push(rand() < 0.05 ? pick(MARKED) : pick(WORDS));
    if (sinceName > 2000) {
      const p = pick(people);
      let name = pick([p.name, ...p.aliases]);
      const r = rand();
      if (r < 0.2) name = persian(name);
      else if (r < 0.4) name = pick(['و', 'ب', 'ل']) + name;
      words.splice(Math.floor(rand() * words.length), 0, name);
      sinceName = 0;
    }
    const sentence = `${words.join(' ')}.${rand() < 0.3 ? '\u200f' : ''}`;
    parts.push(sentence);
    size += sentence.length + 1;
    sinceName += sentence.length + 1;
    if (rand() < 0.15) parts.push('\n\n');
  }
  return parts.join(' ').slice(0, chars);
}
