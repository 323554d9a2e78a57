/**
 * Boilerplate recognition: which elements never hold story text (scripts,
 * hidden nodes, controls) and which usually do not (nav, footers, share bars,
 * related links, comments, newsletter and cookie boxes), by tag, ARIA role
 * and class/id names.
 */
import type { Element } from 'domhandler';
import { HEADING_TAGS } from './blocks.js';
import { detachString } from '../text/detach.js';

/** Never text a reader sees as the story. */
const NEVER_TEXT = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'frame', 'frameset', 'button',
  'select', 'option', 'optgroup', 'datalist', 'textarea', 'input', 'object', 'embed', 'canvas', 'audio', 'video',
  'map', 'dialog', 'link', 'meta', 'head', 'title', 'base', 'source', 'track', 'param', 'img', 'picture',
  'label', 'output', 'progress', 'meter',
]);

/**
 * Page furniture by structure; kept only when it plainly holds the story.
 * Figure captions count as furniture: on the benchmark's human-made ground
 * truth, leaving them out raised both precision and recall.
 */
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'menu', 'figcaption']);
const FURNITURE_ROLES = new Set([
  'navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog',
  'alertdialog', 'toolbar', 'tablist', 'tooltip',
]);

/** Containers whose class/id decides nothing (page-level wrappers). */
const EXEMPT_FROM_HINTS = new Set(['html', 'body', 'article', 'main']);

// Class/id names that mark boilerplate whatever else they say.
const STRONG_NEGATIVE =
  /related|recommend|more-?(stories|articles|news|from)|read-?(more|next|also)|also-?read|see-?also|newsletter|subscri|sign-?up|cookie|consent|gdpr|onetrust|share|sharing|social|follow-?us|promo|sponsor|advert|outbrain|taboola|zergnet|revcontent|breadcrumb|popup|modal|trending|popular|most-?read|author.?(bio|info|box|desc|note|details|card|profile|personal)|about-?the-?author|paywall|piano-|tp-container|jump-?link|skip-?link|back-?to-?top|print-?only|screen-?reader|sr-only|visually-?hidden|offscreen|a11y|rating|reaction|tags?-?(list|links|cloud)|topic-?list|keywords|byline|dateline|timestamp|published|updated-date|post-?meta|entry-?meta|article-?meta|meta-?data|caption|legend(?!ary)|credit|copyright|disclaimer|correction-?policy|inline-?(ad|related|promo)/i;
// Reader comments: left out whatever their size ("commentary" is an opinion piece, not comments).
const COMMENTS = /comment(?!ary)|disqus|discussion|^respond$|^replies$|reader-?reactions/i;
// Token-exact names that are too short to search for inside longer names.
// ("teaser" is not one: inside a story it names the standfirst; teaser cards
// elsewhere are link lists, which link density leaves out.)
const STRONG_TOKENS = new Set(['ad', 'ads', 'adv', 'advert', 'dfp', 'gpt', 'nav', 'share', 'meta', 'hidden', 'hide', 'print', 'toc']);
// Names that suggest furniture unless the name also says "content".
const WEAK_NEGATIVE =
  /sidebar|side-?bar|menu|navbar|navigation|masthead|header|footer|banner|widget|toolbar|pagination|pager|breadcrumbs|utility|tools|links|shoutbox|sponsor|supplemental|rail|aside|nav-|-nav|subnav|topbar|bottom|links?-?list|headline-?list|overlay/i;
const POSITIVE = /article|body|content|entry|main|post|story|text|blog|hentry|prose|column|page|news-?item|detail/i;

export type HintVerdict = 'strong' | 'weak' | 'positive' | undefined;

// What one class or id string says, as bits. Every test below works name by
// name (no pattern spans a space), so an element's verdict is the union of
// its class's bits and its id's: each string is looked up as it came from the
// parser, never concatenated (joining them made a new string to hash per element).
const STRONG_BIT = 1;
const WEAK_BIT = 2;
const POSITIVE_BIT = 4;
const COMMENTS_BIT = 8;
/** A name whose last word is "footer" or "utility": see FOOTER_NAME. */
const FOOTER_BIT = 16;

/**
 * A class or id whose last word says "footer" ("entry-footer", "post_footer",
 * "entry-utility", id "footer"): in a compound name the last word says what
 * the element is, the words before it whose it is, so an entry's footer is a
 * footer (its tags, categories, "posted in …" line) even though "entry" is a
 * content word. A content word elsewhere on the element (a grid class
 * "column") does not save it either. Weak furniture: a footer that holds
 * much prose is still kept (computeStats).
 */
const FOOTER_NAME = /(^|[-_])(footer|utility)$/i;

/**
 * Bits by class/id string: pages repeat the same few hundred names on
 * thousands of elements, and the regexes are the costly part. Bounded; shared
 * across pages (the bits depend on the string alone). Keys are detached
 * copies: the parser's strings are views into the page, and a key that is one
 * keeps its whole page alive for as long as the cache holds it.
 */
const namesCache = new Map<string, number>();
const NAMES_CACHE_MAX = 50_000;

function nameBits(names: string | undefined): number {
  if (names === undefined || names === '' || names.length > 500) return 0;
  let v = namesCache.get(names);
  if (v === undefined) {
    v = bitsOfNames(names);
    if (namesCache.size >= NAMES_CACHE_MAX) namesCache.clear();
    namesCache.set(detachString(names), v);
  }
  return v;
}

/** The element's class bits with its id's; a heading's id is an anchor, usually a slug of its own words ("nav_nur_die_folie"): it says nothing about the page's layout. */
function elementBits(el: Element): number {
  const cls = nameBits(el.attribs['class']);
  return HEADING_TAGS.has(el.name) ? cls : cls | nameBits(el.attribs['id']);
}

function verdictOf(bits: number): HintVerdict {
  if ((bits & STRONG_BIT) !== 0) return 'strong';
  if ((bits & FOOTER_BIT) !== 0) return 'weak';
  // Names that suggest furniture count unless a name also says "content".
  if ((bits & WEAK_BIT) !== 0) return (bits & POSITIVE_BIT) !== 0 ? 'positive' : 'weak';
  return (bits & POSITIVE_BIT) !== 0 ? 'positive' : undefined;
}

/** What the element's class and id say about it. */
export function classHint(el: Element): HintVerdict {
  return verdictOf(elementBits(el));
}

/**
 * CSS utility names that only look like furniture: "overflow-hidden" clips,
 * "hidden-xs" / "l-hidden-s" hide on one screen size only.
 */
const UTILITY_NAME = /^(overflow|scroll|text|truncate)[-_]|(hidden|hide)[-_](xs|sm|md|lg|xl|xxl|s|m|l|mobile|tablet|desktop|phone|small|medium|large)$/i;

function bitsOfNames(names: string): number {
  let bits = 0;
  for (const name of names.split(/\s+/)) {
    if (name === '') continue;
    if (COMMENTS.test(name)) bits |= COMMENTS_BIT;
    if (FOOTER_NAME.test(name)) bits |= FOOTER_BIT;
    // A utility name is skipped by the strong tests only: "hidden-xs" is no layout hint, but its words still count below.
    if ((bits & STRONG_BIT) === 0 && !UTILITY_NAME.test(name)) {
      if (STRONG_NEGATIVE.test(name)) bits |= STRONG_BIT;
      else for (const tok of name.toLowerCase().split(/[-_]+/)) if (STRONG_TOKENS.has(tok)) bits |= STRONG_BIT;
    }
  }
  if (WEAK_NEGATIVE.test(names)) bits |= WEAK_BIT;
  if (POSITIVE.test(names)) bits |= POSITIVE_BIT;
  return bits;
}

export function isNeverText(el: Element): boolean {
  return NEVER_TEXT.has(el.name);
}

/**
 * The attributes extraction reads, from one loop over an element's
 * attributes: pages give elements hundreds of attribute shapes, so eight
 * lookups by name each miss V8's inline caches and cost three times the loop.
 * One shared record, overwritten by each scan (no allocation per element).
 */
export interface ScannedAttrs {
  cls: string | undefined;
  id: string | undefined;
  role: string | undefined;
  itemprop: string | undefined;
  /** hidden, aria-hidden=true, type=hidden, inline display:none / visibility:hidden. */
  hidden: boolean;
}

const scanned: ScannedAttrs = { cls: undefined, id: undefined, role: undefined, itemprop: undefined, hidden: false };
const HIDDEN_STYLE = /(display\s*:\s*none|visibility\s*:\s*hidden)/i;

export function scanAttrs(el: Element): ScannedAttrs {
  const r = scanned;
  r.cls = r.id = r.role = r.itemprop = undefined;
  r.hidden = false;
  const a = el.attribs;
  for (const k in a) {
    switch (k) {
      case 'class':
        r.cls = a[k];
        break;
      case 'id':
        r.id = a[k];
        break;
      case 'role':
        r.role = a[k];
        break;
      case 'itemprop':
        r.itemprop = a[k];
        break;
      case 'hidden':
        r.hidden = true;
        break;
      case 'aria-hidden':
        if (a[k] === 'true') r.hidden = true;
        break;
      case 'type':
        if (a[k] === 'hidden') r.hidden = true;
        break;
      case 'style':
        if (HIDDEN_STYLE.test(a[k]!)) r.hidden = true;
        break;
    }
  }
  return r;
}

/**
 * 'furniture' for elements that are page furniture by tag, role or class/id;
 * the caller keeps one anyway when it plainly holds the story (a site that
 * wraps its article in <header>, say). Undefined for ordinary elements.
 */
export type FurnitureKind = 'comments' | 'strong' | 'weak';

const INLINE_IN_SENTENCE = new Set(['span', 'em', 'i', 'b', 'strong', 'small', 'time', 'abbr', 'mark', 'sup', 'sub']);

export function furnitureKind(el: Element, attrs: ScannedAttrs = scanAttrs(el)): FurnitureKind | undefined {
  const role = attrs.role;
  if (FURNITURE_TAGS.has(el.name)) return 'weak';
  if (role !== undefined && FURNITURE_ROLES.has(role.toLowerCase())) return 'weak';
  if (EXEMPT_FROM_HINTS.has(el.name) || isArticleBodyProp(attrs.itemprop)) return undefined;
  // Inline markup inside a paragraph is part of its sentence ("<span class=dateline>KOBE – </span>A total of ...").
  if (INLINE_IN_SENTENCE.has(el.name) && el.parent !== null && (el.parent as Element).name === 'p') return undefined;
  const cls = nameBits(attrs.cls);
  // A heading's id is an anchor, usually a slug of its own words ("nav_nur_die_folie"): it says nothing about the page's layout.
  const bits = HEADING_TAGS.has(el.name) ? cls : cls | nameBits(attrs.id);
  if ((bits & COMMENTS_BIT) !== 0) return 'comments';
  const hint = verdictOf(bits);
  return hint === 'positive' ? undefined : hint;
}

/** itemprop=articleBody: the page's own mark on its story. */
export const isArticleBodyProp = (itemprop: string | undefined): boolean => itemprop !== undefined && itemprop.toLowerCase().includes('articlebody');

/**
 * Furniture that may still hold the standfirst (lead.ts): an article's
 * <header> or <hgroup>, or a box whose class/id says only "layout" (weak),
 * but not nav, aside, footer, menus or captions.
 */
export function isSoftFurniture(el: Element, kind: FurnitureKind): boolean {
  if (el.name === 'header' || el.name === 'hgroup') return true;
  if (kind !== 'weak' || FURNITURE_TAGS.has(el.name)) return false;
  const role = el.attribs['role'];
  return role === undefined || !FURNITURE_ROLES.has(role.toLowerCase());
}
