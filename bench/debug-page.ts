// Scratch debugging aid (not part of the bench): where did a page's story go?
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { loadDevPages } from './lib/corpus.js';
import { computeStats } from '../src/extract/stats.js';
import { chooseContent } from '../src/extract/score.js';
import { prepareHtml } from '../src/extract/input.js';
import { isHidden, isNeverText, furnitureKind } from '../src/extract/clean.js';
const id = process.argv[2]!;
const page = loadDevPages().find((p) => p.id.startsWith(id))!;
const doc = load(prepareHtml(page.html)).root()[0] as AnyNode;
const body = (function find(n: AnyNode): AnyNode { const st=[n]; while(st.length){const x=st.pop()!; if(isTag(x)&&x.name==='body') return x; const k=(x as any).children; if(k) st.push(...k);} return n; })(doc);
const ds = computeStats(body);
const desc = (e: Element) => `${e.name}${e.attribs.id ? '#' + e.attribs.id : ''}${e.attribs.class ? '.' + e.attribs.class.trim().split(/\s+/).join('.') : ''}`;
const c = chooseContent(ds);
console.log('roots:', c?.roots.map((r) => desc(r) + ' ' + JSON.stringify(ds.stats.get(r))));
const needle = process.argv[3] ?? page.truth.split('\n').find((l) => l.length > 60)!.slice(0, 40);
console.log('needle', needle);
const st: AnyNode[] = [doc];
while (st.length) {
  const n = st.pop()!;
  if (isText(n) && n.data.includes(needle.slice(0, 25)) && (n.parent as Element).name !== 'script') {
    let e: AnyNode | null = n.parent;
    while (e && isTag(e)) {
      const s = ds.stats.get(e);
      console.log('  ', desc(e).slice(0, 100), s ? `text=${s.text} link=${s.link} para=${s.paraChars} dropped=${s.dropped} excl=${ds.excluded.has(e)}` : 'NO STATS', isHidden(e) ? 'HIDDEN' : '', isNeverText(e) ? 'NEVER' : '', furnitureKind(e) ?? '');
      e = e.parent;
    }
    break;
  }
  const k = (n as any).children; if (k) for (let i = k.length - 1; i >= 0; i--) st.push(k[i]);
}
