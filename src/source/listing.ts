/**
 * A listing page (section front, "latest news", press releases) → its story
 * links (pure). The URL and text rules are in link-rules.ts; the page adds:
 *
 *  P1 veto: the link sits in navigation, the page's own header or footer
 *     (a `<header>` inside an article is a card's, not the page's), or an
 *     element whose class or id names a menu, breadcrumbs, pagination,
 *     sharing or skip links.
 *  P2 -1: in an aside, a sidebar or a promo box (often other sections' links).
 *  P3 +1: the link is, or holds, a heading (cards put headlines in h2/h3).
 *  P4 +1: the link's card structure repeats (three or more story-candidate
 *     links share their ancestors' tags and classes): a list of stories.
 *  P5 veto: one URL linked from four or more separate places, other links
 *     between each (an organisation, a kicker, a category named in every
 *     card): a label, not a story. A story's own links (image, headline,
 *     "read more") sit together in its card.
 *
 * A link with 3 points or more is a story. Links to one URL (image, headline,
 * "read more" of one card) are one story, with the best text as its title;
 * a link whose own text is no headline takes the nearest heading's.
 * With a `links` selector the guess is skipped: every `<a>` it matches is
 * taken (vetoes V2–V4 still apply, not the same-site rule).
 */
import { load, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { parseHtml } from '../extract/parse.js';
import { resolveHttpUrl } from '../url/resolve.js';
import { textPoints, urlPoints, urlVeto } from './link-rules.js';

export const STORY_THRESHOLD = 3;
/** Anchors examined on one page; a page with 100,000 links is read to here. */
export const MAX_ANCHORS = 10_000;
/** Story links kept from one page, in page order. */
export const MAX_PAGE_LINKS = 500;
/** P5: places one URL is linked from before it counts as a label. */
const LABEL_PLACES = 4;

export interface ListingLink {
  url: string;
  title?: string;
  score: number;
  reasons: string[];
}

export class ListingError extends Error {}

const NAV_NAME = /(?:^|[\s_-])(?:nav|navbar|navigation|menu|menus|breadcrumbs?|pagination|pager|paging|masthead|site-?header|site-?footer|footer|social|share|sharing|skip|subnav|topbar|toolbar|tabs)(?:$|[\s_-])/i;
const ASIDE_NAME = /(?:^|[\s_-])(?:sidebar|side-bar|aside|promo|sponsored|advert|ad-slot|outbrain|taboola|newsletter|widget)(?:$|[\s_-])/i;
const NAV_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'menu', 'menubar', 'tablist']);
const HEADING = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

interface Candidate {
  url: string;
  text: string;
  heading?: string;
  points: number;
  reasons: string[];
  signature: string;
}

/** The story links of a listing page, best guess or by selector. */
export function findListingLinks(html: string, pageUrl: string, opts: { selector?: string } = {}): ListingLink[] {
  const $ = load(parseHtml(html));
  const page = new URL(pageUrl);
  const base = baseUrl($, page);
  if (opts.selector !== undefined) return bySelector($, opts.selector, base, page);

  const candidates: Candidate[] = [];
  const anchors = $('a[href]').toArray().slice(0, MAX_ANCHORS);
  for (const a of anchors) {
    const url = resolveLink(a.attribs.href, base);
    if (!url || urlVeto(url, page)) continue;
    const placement = placementOf(a);
    if (placement.veto) continue;
    const text = linkText($, a);
    const heading = text.split(/\s+/).length < 3 ? nearestHeading($, a) : undefined;
    const u = urlPoints(url);
    const t = textPoints(heading ?? text);
    candidates.push({
      url: url.href,
      text,
      heading,
      points: u.points + t.points + placement.points,
      reasons: [...u.reasons, ...t.reasons, ...placement.reasons],
      signature: placement.signature,
    });
  }
  const repeats = new Map<string, number>();
  for (const c of candidates) if (c.points >= 1) repeats.set(c.signature, (repeats.get(c.signature) ?? 0) + 1);
  for (const c of candidates) {
    if ((repeats.get(c.signature) ?? 0) >= 3) {
      c.points += 1;
      c.reasons.push('repeated card');
    }
  }
  const labels = repeatedLabels(candidates);
  return groupByUrl(candidates.filter((c) => c.points >= STORY_THRESHOLD && !labels.has(c.url)));
}

/** URLs linked from LABEL_PLACES or more separate runs of the page's candidate links (P5). */
function repeatedLabels(candidates: Candidate[]): Set<string> {
  const runs = new Map<string, number>();
  let previous: string | undefined;
  for (const c of candidates) {
    if (c.url !== previous) runs.set(c.url, (runs.get(c.url) ?? 0) + 1);
    previous = c.url;
  }
  return new Set([...runs].filter(([, n]) => n >= LABEL_PLACES).map(([url]) => url));
}

function bySelector($: CheerioAPI, selector: string, base: URL, page: URL): ListingLink[] {
  let matched: Element[];
  try {
    matched = $(selector).toArray().filter((n): n is Element => n.type === 'tag');
  } catch (err) {
    throw new ListingError(`page: invalid links selector (${(err as Error).message})`);
  }
  const anchors = matched.flatMap((el) => (el.name === 'a' ? [el] : $(el).find('a[href]').toArray()));
  const out: Candidate[] = [];
  for (const a of anchors.slice(0, MAX_ANCHORS)) {
    const url = resolveLink(a.attribs.href, base);
    const veto = url && urlVeto(url, page);
    if (!url || (veto && veto !== 'other site')) continue;
    const text = linkText($, a);
    out.push({ url: url.href, text, heading: text ? undefined : nearestHeading($, a), points: STORY_THRESHOLD, reasons: ['selector'], signature: '' });
  }
  return groupByUrl(out);
}

function groupByUrl(candidates: Candidate[]): ListingLink[] {
  const byUrl = new Map<string, ListingLink>();
  for (const c of candidates) {
    const key = c.url.replace(/#.*$/, '');
    const title = bestTitle(c);
    const prev = byUrl.get(key);
    if (!prev) {
      if (byUrl.size >= MAX_PAGE_LINKS) continue;
      byUrl.set(key, { url: key, ...(title && { title }), score: c.points, reasons: c.reasons });
      continue;
    }
    if (title && (!prev.title || (wordCount(title) > wordCount(prev.title) && wordCount(prev.title) < 4))) prev.title = title;
    if (c.points > prev.score) Object.assign(prev, { score: c.points, reasons: c.reasons });
  }
  return [...byUrl.values()];
}

function bestTitle(c: Candidate): string | undefined {
  if (wordCount(c.text) >= 3 || (c.text && !c.heading)) return c.text || undefined;
  return c.heading ?? (c.text || undefined);
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

function baseUrl($: CheerioAPI, page: URL): URL {
  const href = $('base[href]').first().attr('href');
  if (!href) return page;
  try {
    return new URL(href, page);
  } catch {
    return page;
  }
}

function resolveLink(href: string | undefined, base: URL): URL | undefined {
  if (!href || href.trim().startsWith('#')) return undefined;
  const resolved = resolveHttpUrl(href, base.href);
  if (!resolved) return undefined;
  const url = new URL(resolved);
  url.hash = '';
  return url;
}

function linkText($: CheerioAPI, a: Element): string {
  const text = $(a).text().replace(/\s+/g, ' ').trim();
  if (text) return text;
  return (a.attribs['aria-label'] ?? a.attribs.title ?? $(a).find('img[alt]').first().attr('alt') ?? '').replace(/\s+/g, ' ').trim();
}

/** The headline of the card a short link ("Read more", an image) belongs to: a heading within four ancestors. */
function nearestHeading($: CheerioAPI, a: Element): string | undefined {
  let node: AnyNode | null = a.parent;
  for (let depth = 0; node && depth < 4 && node.type === 'tag'; depth++, node = node.parent) {
    const h = $(node as Element).find('h1, h2, h3, h4').first();
    const text = h.text().replace(/\s+/g, ' ').trim();
    if (text) return text;
  }
  return undefined;
}

function nameOf(el: Element): string {
  return `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
}

/** P1–P3 and the card signature P4 counts, from one walk up the link's ancestors. */
function placementOf(a: Element): { veto: boolean; points: number; reasons: string[]; signature: string } {
  const veto = (reason: string) => ({ veto: true, points: 0, reasons: [reason], signature: '' });
  const sig: string[] = [a.attribs.class ?? ''];
  let headingAround = hasHeadingInside(a);
  let aside = false;
  let node: AnyNode | null = a.parent;
  for (let depth = 0; node && node.type === 'tag'; depth++, node = node.parent) {
    const el = node as Element;
    if (depth < 3) sig.push(`${el.name}.${(el.attribs.class ?? '').replace(/\d+/g, '')}`);
    if (depth < 2 && HEADING.has(el.name)) headingAround = true;
    const role = el.attribs.role?.toLowerCase();
    if (el.name === 'nav' || (role && NAV_ROLES.has(role))) return veto('navigation');
    // A card's own <header>/<footer> (inside an article or main) is not the page's.
    if ((el.name === 'header' || el.name === 'footer') && !hasAncestor(el, ['article', 'main'])) return veto(`page ${el.name}`);
    if (NAV_NAME.test(nameOf(el))) return veto('navigation by name');
    if (el.name === 'aside' || ASIDE_NAME.test(nameOf(el))) aside = true;
  }
  const reasons: string[] = [];
  let points = 0;
  if (aside) {
    points -= 1;
    reasons.push('aside');
  }
  if (headingAround) {
    points += 1;
    reasons.push('heading');
  }
  return { veto: false, points, reasons, signature: sig.join('<') };
}

/** A heading inside the link (the whole card is the link); a bounded look, for hostile nesting. */
function hasHeadingInside(a: Element): boolean {
  const stack: AnyNode[] = [...a.children];
  for (let n = stack.pop(), seen = 0; n && seen < 50; n = stack.pop(), seen++) {
    if (n.type === 'tag') {
      if (HEADING.has((n as Element).name)) return true;
      stack.push(...(n as Element).children);
    }
  }
  return false;
}

function hasAncestor(el: Element, names: string[]): boolean {
  for (let n: AnyNode | null = el.parent; n && n.type === 'tag'; n = n.parent) if (names.includes((n as Element).name)) return true;
  return false;
}
