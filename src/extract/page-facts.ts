/**
 * One walk over the document that collects everything metadata is read from:
 * <meta> values, canonical links, <title>, <html lang>, headings, <time>,
 * itemprop/rel=author bylines, the raw JSON-LD blocks and HTML templates.
 */
import type { AnyNode, Element } from 'domhandler';
import { attr, normalizeSpace, rawText, textOf, walkElements } from './dom.js';

export interface PageFacts {
  /** Lower-cased meta key (name / property / itemprop / http-equiv) → values in document order. */
  meta: Map<string, string[]>;
  canonical?: string;
  htmlLang?: string;
  titleTag?: string;
  h1: Element[];
  timeDatetimes: string[];
  /** datePublished given as itemprop on a non-meta element. */
  itempropDates: string[];
  bylines: string[];
  jsonLd: string[];
  /**
   * HTML kept in <script type="text/template"> blocks that script renders
   * into the page (Blogger ships whole posts this way): the last resort for
   * the story when the page shows next to nothing without script.
   */
  templates: string[];
}

const MAX_H1 = 5;
const TEMPLATE_TYPES = new Set(['text/template', 'text/x-template', 'text/html']);

export function collectPageFacts(doc: AnyNode): PageFacts {
  const facts: PageFacts = { meta: new Map(), h1: [], timeDatetimes: [], itempropDates: [], bylines: [], jsonLd: [], templates: [] };
  const addMeta = (key: string | undefined, value: string | undefined): void => {
    if (!key || value === undefined) return;
    const v = normalizeSpace(value);
    if (v === '') return;
    for (const k of key.toLowerCase().split(/\s+/)) {
      if (k === '') continue;
      const list = facts.meta.get(k);
      if (list) list.push(v);
      else facts.meta.set(k, [v]);
    }
  };
  walkElements(doc, (el) => {
    switch (el.name) {
      case 'html':
        facts.htmlLang ??= attr(el, 'lang') ?? attr(el, 'xml:lang');
        return;
      case 'meta': {
        const content = attr(el, 'content');
        addMeta(attr(el, 'property'), content);
        addMeta(attr(el, 'name'), content);
        addMeta(attr(el, 'itemprop'), content);
        addMeta(attr(el, 'http-equiv'), content);
        return false;
      }
      case 'link': {
        const rel = (attr(el, 'rel') ?? '').toLowerCase().split(/\s+/);
        if (rel.includes('canonical') && facts.canonical === undefined) facts.canonical = attr(el, 'href');
        return false;
      }
      case 'title':
        // <title> inside <svg> is an image label, not the page title.
        if (facts.titleTag === undefined && el.parent && (el.parent as Element).name !== 'svg') facts.titleTag = textOf(el);
        return false;
      case 'script': {
        const type = (attr(el, 'type') ?? '').toLowerCase();
        if (type.includes('ld+json')) facts.jsonLd.push(rawText(el));
        else if (TEMPLATE_TYPES.has(type)) facts.templates.push(rawText(el));
        return false;
      }
      case 'style':
      case 'template':
      case 'svg':
      // Browsers run scripts, so they ignore <noscript> (parse5 keeps it as
      // raw text; htmlparser2 parses its <meta>s and <img>s).
      case 'noscript':
        return false;
      case 'h1':
        if (facts.h1.length < MAX_H1) facts.h1.push(el);
        break;
      case 'time': {
        const dt = attr(el, 'datetime');
        if (dt) facts.timeDatetimes.push(dt);
        break;
      }
    }
    const itemprop = attr(el, 'itemprop');
    if (itemprop) {
      const props = itemprop.toLowerCase().split(/\s+/);
      if (props.includes('datepublished')) {
        const v = attr(el, 'datetime') ?? attr(el, 'content') ?? textOf(el, 200);
        if (v) facts.itempropDates.push(v);
      }
      if (props.includes('author') && facts.bylines.length < 5) {
        const v = attr(el, 'content') ?? textOf(el, 300);
        if (v) facts.bylines.push(v);
      }
    }
    const rel = el.name === 'a' ? attr(el, 'rel') : undefined;
    if (rel && /\bauthor\b/i.test(rel) && facts.bylines.length < 5) {
      facts.bylines.push(textOf(el, 300));
    }
    return true;
  });
  return facts;
}
