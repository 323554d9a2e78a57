import { load } from 'cheerio';
import { loadDevPages } from './lib/corpus.js';
import { parseHtml } from '../src/extract/parse.js';
import { extractArticle, CHEERIO_LOAD_OPTIONS } from '../src/extract/index.js';
import { decodeHtml } from '../src/encoding/decode.js';

const pages = loadDevPages();
const bufs = pages.map((p) => Buffer.from(p.html, 'utf8'));
const td = new TextDecoder();
function time(name: string, fn: (i: number) => unknown, reps = 10) {
  for (let i = 0; i < pages.length; i++) fn(i);
  const t = process.hrtime.bigint();
  for (let r = 0; r < reps; r++) for (let i = 0; i < pages.length; i++) fn(i);
  const ms = Number(process.hrtime.bigint() - t) / 1e6 / (reps * pages.length);
  console.log(name.padEnd(40), ms.toFixed(3), 'ms/page');
}
for (let k = 0; k < 2; k++) {
time('TextDecoder', (i) => td.decode(bufs[i]));
time('buf.toString', (i) => bufs[i]!.toString('utf8'));
time('decodeHtml', (i) => decodeHtml(bufs[i]!, 'utf-8'));
time('cheerio.load h2 (decoded TextDecoder)', (i) => load(td.decode(bufs[i]), CHEERIO_LOAD_OPTIONS));
time('parseHtml (TextDecoder)', (i) => parseHtml(td.decode(bufs[i])));
time('parseHtml (decodeHtml)', (i) => parseHtml(decodeHtml(bufs[i]!, 'utf-8').text));
time('extractArticle', (i) => extractArticle(td.decode(bufs[i]), 'https://example.com/a'));
}
