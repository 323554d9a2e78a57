// Scratch: time the phases of extraction over the dev pages.
import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { loadDevPages } from './lib/corpus.js';
import { prepareHtml } from '../src/extract/input.js';
import { collectPageFacts } from '../src/extract/page-facts.js';
import { computeStats } from '../src/extract/stats.js';
import { chooseContent } from '../src/extract/score.js';
import { renderText } from '../src/extract/text.js';
const pages = loadDevPages();
const t = { prep: 0, load: 0, facts: 0, stats: 0, choose: 0, render: 0 };
for (let r = 0; r < 3; r++) for (const p of pages) {
  let a = performance.now(); const h = prepareHtml(p.html); t.prep += performance.now() - a;
  a = performance.now(); const doc = load(h).root()[0] as AnyNode; t.load += performance.now() - a;
  a = performance.now(); collectPageFacts(doc); t.facts += performance.now() - a;
  a = performance.now(); const ds = computeStats(doc); t.stats += performance.now() - a;
  a = performance.now(); const c = chooseContent(ds); t.choose += performance.now() - a;
  a = performance.now(); if (c) renderText(c.roots, ds); t.render += performance.now() - a;
}
console.log(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v)])));
import { extractArticle } from '../src/extract/index.js';
const ex: number[] = [], ld: number[] = [];
for (let r = 0; r < 3; r++) for (const p of pages) {
  let a = performance.now(); extractArticle(p.html, p.url); ex.push(performance.now() - a);
  a = performance.now(); load(p.html); ld.push(performance.now() - a);
}
const sum = (x: number[]) => Math.round(x.reduce((a, b) => a + b, 0));
console.log('extract total', sum(ex), 'load total', sum(ld));
const med = (x: number[]) => { const s = [...x].sort((a, b) => a - b); return s[s.length >> 1]; };
console.log('median extract', med(ex), 'median load', med(ld));
const ratios = ex.map((e, i) => e / ld[i]!); console.log('median ratio', med(ratios));
