/**
 * Everything metadata is read from, taken from the elements the parser noted
 * as they opened (parse.ts; no second walk over the tree):
 * <meta> values, canonical links, <title>, <html lang>, headings, <time>,
 * itemprop/rel=author bylines, the raw JSON-LD blocks and HTML templates.
 */
import type { Element } from 'domhandler';
import { isTag } from 'domhandler';
import { attr, normalizeSpace, rawText, textOf } from './dom.js';

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

/** Elements whose content is never read for facts (their descendants are skipped). */
const SKIP_INSIDE = new Set(['meta', 'link', 'title', 'script', 'style', 'template', 'svg', 'noscript']);
/** Elements read by name; others only for itemprop, and links for rel=author. */
const FACT_TAGS = new Set(['html', 'meta', 'link', 'title', 'script', 'h1', 'time']);

/** Is this element one collectPageFacts reads? Asked by the parser as each element opens (parse.ts). */
export function isFactElement(name: string, attribs: Record<string, string>): boolean {
  return FACT_TAGS.has(name) || attribs['itemprop'] !== undefined || (name === 'a' && attribs['rel'] !== undefined);
}

function insideSkipped(el: Element): boolean {
  for (let p = el.parent; p !== null && isTag(p); p = p.parent) if (SKIP_INSIDE.has(p.name)) return true;
  return false;
}

/** Facts from the elements the parser noted (parse.ts), in document order. */
export function collectPageFacts(noted: Element[]): PageFacts {
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
  for (const el of noted) {
    if (!insideSkipped(el)) visit(el);
  }
  return facts;

  function visit(el: Element): void {
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
        return;
      }
      case 'link': {
        const rel = (attr(el, 'rel') ?? '').toLowerCase().split(/\s+/);
        if (rel.includes('canonical') && facts.canonical === undefined) facts.canonical = attr(el, 'href');
        return;
      }
      case 'title':
        // <title> inside <svg> is an image label, not the page title.
        if (facts.titleTag === undefined && el.parent && (el.parent as Element).name !== 'svg') facts.titleTag = textOf(el);
        return;
      case 'script': {
        const type = (attr(el, 'type') ?? '').toLowerCase();
        if (type.includes('ld+json')) facts.jsonLd.push(rawText(el));
        else if (TEMPLATE_TYPES.has(type)) facts.templates.push(rawText(el));
        return;
      }
      case 'style':
      case 'template':
      case 'svg':
      // Browsers run scripts, so they ignore <noscript> (parse5 keeps it as
      // raw text; htmlparser2 parses its <meta>s and <img>s).
      case 'noscript':
        return;
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
  }
}
