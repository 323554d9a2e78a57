import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/index.js';
import { compileMatcher } from '../../src/match/index.js';
import { counts } from './helpers.js';

// The README's example: the seed story's people in English, Arabic and Hebrew.
const file = fileURLToPath(new URL('../../examples/watchlist-mideast-multiscript.yaml', import.meta.url));
const parsed = parseConfigText(readFileSync(file, 'utf8'), file, {});
if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.line}:${i.col} ${i.message}`).join('\n'));
const matcher = compileMatcher(parsed.config.watchlists);

describe('example multi-script watchlist', () => {
  it.each([
    ['Arabic', 'التقى المبعوث الأمريكي ستيف ويتكوف القيادي في حماس خليل الحيّة في الدوحة، بحضور جاريد كوشنر. وقال ويتكوف إن الرئيس دونالد ترامب يريد اتفاقا سريعا، فيما أكد مقربون للحية أن اللقاء كان إيجابيا.',
      { 'steve-witkoff': 2, 'khalil-al-hayya': 2, 'jared-kushner': 1, 'donald-trump': 1 }],
    ['Persian', 'استیو ویتکاف، فرستاده ویژه ترامپ، روز یکشنبه با خلیل الحیه در دوحه دیدار کرد.',
      { 'steve-witkoff': 1, 'khalil-al-hayya': 1 }],
    ['Hebrew', 'השליח סטיב ויטקוף ייפגש עם חליל אל-חיה, ראש משלחת חמאס, כך נמסר. ג\'ארד קושנר, חתנו של הנשיא דונלד טראמפ, יצטרף לוויטקוף בדוחא.',
      { 'steve-witkoff': 2, 'khalil-al-hayya': 1, 'jared-kushner': 1, 'donald-trump': 1 }],
    ['English', 'U.S. envoy Steve Witkoff will meet Khalil al-Hayya, Hamas’s chief negotiator; Andrew Witkoff was not there.',
      { 'steve-witkoff': 1, 'khalil-al-hayya': 1 }],
  ])('%s news text', (_script, text, expected) => {
    expect(counts(matcher.match({ text }))).toEqual(expected);
  });
});
