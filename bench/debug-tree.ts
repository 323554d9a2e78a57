// Scratch: parse a dev page and show the parsed tree's top levels with sizes.
import { load } from 'cheerio';
import { loadDevPages } from './lib/corpus.js';
import { prepareHtml } from '../src/extract/input.js';
const page = loadDevPages().find((p) => p.id.startsWith(process.argv[2]!))!;
const prepared = prepareHtml(page.html);
console.log('raw', page.html.length, 'prepared', prepared.length);
const $ = load(prepared);
console.log('body children', $('body').children().length, 'body text len', $('body').text().length);
console.log($('p').length, 'p elements; head children', $('head').children().length);
