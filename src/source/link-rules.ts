/**
 * The rules that tell a story link from the rest of a page's links, on the
 * link's URL and text alone (pure; listing.ts adds what the page around the
 * link says). Each rule is named, so a score can explain itself.
 *
 * Vetoes (the link is never a story):
 *  V1 another registrable site (bbc.co.uk and www.bbc.co.uk are one site).
 *  V2 not http(s), the page itself, or the site's front page.
 *  V3 a path that names a listing, not a story: tag, topic, category,
 *     author, section, search, login, subscribe, about, contact, legal pages,
 *     feeds; a file that is no page (pdf, images, archives).
 *  V4 pagination: /page/2, ?page=2, ?p=2, ?offset=…
 *
 * Points for the URL (a story's address is long and specific):
 *  U1 a date in the path (/2026/11/28/, /20261128/, /2026/nov/28/): +2
 *  U2 a numeric id of 5 digits or more in the last segments: +2
 *  U3 a slug of three words or more (witkoff-meets-hamas): +2
 *  U4 a story-like marker (article, story, news, press-release, a .html
 *     page below the root): +1
 *  U5 a single short path segment (/world, /sport): -2 (a section)
 * Points for the text (a headline is a sentence):
 *  T1 five words or more (or 25 characters in scripts written without
 *     spaces): +2; three or four words: +1
 *  T2 one or two words ("World", "More", "2"): -2
 */
import { getDomain } from 'tldts';

export interface RuleScore {
  points: number;
  reasons: string[];
}

const LISTING_SEGMENTS = new Set([
  'tag', 'tags', 'topic', 'topics', 'category', 'categories', 'author', 'authors', 'section', 'sections', 'search',
  'login', 'signin', 'sign-in', 'register', 'subscribe', 'subscription', 'subscriptions', 'account', 'newsletter', 'newsletters',
  'about', 'about-us', 'contact', 'contact-us', 'privacy', 'privacy-policy', 'terms', 'terms-of-use', 'cookies', 'cookie-policy',
  'feed', 'feeds', 'rss', 'sitemap', 'archive', 'archives', 'profile', 'profiles', 'people', 'journalist', 'journalists',
  'careers', 'jobs', 'advertise', 'help', 'faq', 'shop', 'store', 'podcasts', 'weather', 'live-tv', 'epaper', 'e-paper',
]);

const NOT_A_PAGE = /\.(?:pdf|jpe?g|png|gif|webp|svg|mp3|mp4|zip|docx?|xlsx?|pptx?|xml|rss|json|css|js)$/i;
const PAGINATION_PATH = /\/(?:page|p|seite|pagina|pg)\/\d+\/?$/i;
const PAGINATION_QUERY = /^(?:page|p|pg|offset|start|from|pagenum|page_no|pageno|paged)$/i;
const DATE_IN_PATH = /\/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-](?:0?[1-9]|[12]\d|3[01]))?(?:\/|$)|\/(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:\/|$|[-_])|\/(?:19|20)\d\d\/(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\/\d{1,2}(?:\/|$)/i;
const NUMERIC_ID = /(?:^|[^\d])\d{5,}(?:[^\d]|$)/;
const STORY_MARKER = /\/(?:article|articles|story|stories|news|press-releases?|pressreleases?|statements?|speeches|communiques?|releases?)\//i;
const PAGE_SUFFIX = /\.(?:s?html?|ece|aspx?|php)$/i;

/** The site a host belongs to: its registrable domain, or the host itself (IPs, localhost). */
export function siteOf(url: URL): string {
  return getDomain(url.hostname, { allowPrivateDomains: true }) ?? url.hostname;
}

function words(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Scripts written without spaces between words: count characters instead. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** Why the URL can never be a story, or undefined when it can. */
export function urlVeto(url: URL, page: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not http';
  if (siteOf(url) !== siteOf(page)) return 'other site';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || /^\/(?:index\.\w+|home)$/i.test(path)) return 'front page';
  const pagePath = page.pathname.replace(/\/+$/, '') || '/';
  if (url.host === page.host && path === pagePath) return 'the page itself';
  const segments = path.split('/').filter(Boolean).map((s) => s.toLowerCase());
  if (segments.some((s) => LISTING_SEGMENTS.has(s))) return 'listing path';
  if (NOT_A_PAGE.test(path)) return 'not a page';
  if (PAGINATION_PATH.test(path) || [...url.searchParams.keys()].some((k) => PAGINATION_QUERY.test(k))) return 'pagination';
  return undefined;
}

/** Points for the URL's shape (U1–U5). */
export function urlPoints(url: URL): RuleScore {
  const path = url.pathname.replace(/\/+$/, '');
  const segments = path.split('/').filter(Boolean);
  const last = decodeSafe(segments.at(-1) ?? '');
  const score: RuleScore = { points: 0, reasons: [] };
  const add = (points: number, reason: string) => {
    score.points += points;
    score.reasons.push(reason);
  };
  if (DATE_IN_PATH.test(path + '/')) add(2, 'date in path');
  const tail = segments.slice(-2).join('/') + url.search;
  if (NUMERIC_ID.test(tail)) add(2, 'numeric id');
  const slugWords = last.replace(PAGE_SUFFIX, '').split(/[-_+]+/).filter((w) => /\p{L}/u.test(w));
  if (slugWords.length >= 3) add(2, 'slug');
  if (STORY_MARKER.test(path + '/') || (PAGE_SUFFIX.test(last) && segments.length >= 2)) add(1, 'story marker');
  if (segments.length === 1 && last.length <= 20 && slugWords.length < 3 && !NUMERIC_ID.test(last)) add(-2, 'section-like path');
  return score;
}

/** Points for the link's text (T1–T2). */
export function textPoints(text: string): RuleScore {
  const n = words(text);
  const long = UNSPACED_SCRIPT.test(text) ? text.replace(/\s+/g, '').length >= 12 : n >= 5;
  if (long) return { points: 2, reasons: ['headline text'] };
  if (n >= 3) return { points: 1, reasons: ['short text'] };
  return { points: -2, reasons: ['one or two words'] };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
