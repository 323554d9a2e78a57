/**
 * Boilerplate recognition: which elements never hold story text (scripts,
 * hidden nodes, controls) and which usually do not (nav, footers, share bars,
 * related links, comments, newsletter and cookie boxes), by tag, ARIA role
 * and class/id names.
 */
import type { Element } from 'domhandler';

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

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

// What one class or id string says, as bits. Every test below works name by
// name (no pattern spans a space), so an element's verdict is the union of
// its class's bits and its id's: each string is looked up as it came from the
// parser, never concatenated (joining them made a new string to hash per element).
const STRONG_BIT = 1;
const WEAK_BIT = 2;
const POSITIVE_BIT = 4;
const COMMENTS_BIT = 8;

/**
 * Bits by class/id string: pages repeat the same few hundred names on
 * thousands of elements, and the regexes are the costly part. Bounded; shared
 * across pages (the bits depend on the string alone).
 */
const namesCache = new Map<string, number>();
const NAMES_CACHE_MAX = 50_000;

function nameBits(names: string | undefined): number {
  if (names === undefined || names === '' || names.length > 500) return 0;
  let v = namesCache.get(names);
  if (v === undefined) {
    v = bitsOfNames(names);
    if (namesCache.size >= NAMES_CACHE_MAX) namesCache.clear();
    namesCache.set(names, v);
  }
  return v;
}

/** The element's class bits with its id's; a heading's id is an anchor, usually a slug of its own words ("nav_nur_die_folie"): it says nothing about the page's layout. */
function elementBits(el: Element): number {
  const cls = nameBits(el.attribs['class']);
  return HEADINGS.has(el.name) ? cls : cls | nameBits(el.attribs['id']);
}

function verdictOf(bits: number): HintVerdict {
  if ((bits & STRONG_BIT) !== 0) return 'strong';
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
  const bits = HEADINGS.has(el.name) ? cls : cls | nameBits(attrs.id);
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

/**
 * Short standalone lines that are furniture even inside the story, in the
 * languages of our corpora (en, de, fr, es, pt, it, nl, pl, ru, zh).
 */
const FURNITURE_LINES = new RegExp(
  '^(' +
    [
      // English
      'advertisement|advertising|sponsored( content)?|ad|continue reading.*|read more.*|read the full .*|click here.*|share( this)?( article| story| on \\w+)?|tweet|email|print|comments?|related( articles| stories| content| posts)?|more (from|on|stories) .*|recommended( for you)?|sign up.*|subscribe.*|you may also like.*|watch:?.*video|loading\\.*|image:?|photo:?|\\(?(image|photo) (credit|source)s?:.*|follow us.*',
      // German
      'anzeige|werbung|teilen|artikel teilen|drucken|kommentare?|kommentieren|jetzt (teilen|abonnieren|kommentieren).*|mehr zum thema.*|das könnte sie auch( interessieren)?.*|ähnliche (beiträge|artikel|themen)|weitere (artikel|beiträge|nachrichten|meldungen|themen|tourentipps|infos?)|(möchten sie|diesen) (den )?artikel teilen\\??|folgen sie uns.*|zum newsletter.*|zur startseite|nach oben|bild anzeigen|quellen (anzeigen|ausblenden)|mehr (lesen|anzeigen)',
      // French, Spanish, Portuguese, Italian, Dutch
      'publicité|partager|partagez.*|commentaires?|publier un commentaire|lire la suite|voir aussi|à lire aussi|publicidad|compartir|comentarios?|te puede interesar.*|síguenos.*|nos siga.*|siga-nos.*|compartilhe.*|leia mais|pubblicità|condividi|leggi anche|advertentie|delen|lees meer|lees ook',
      // Polish, Russian, Chinese
      'reklama|udostępnij|komentarze?|czytaj (więcej|dalej)|реклама|поделиться|комментарии|читать далее|热门推荐|相关(阅读|新闻|推荐|文章)|分享到.*|关注.{0,10}|责任编辑.*',
    ].join('|') +
    ')$',
  'i',
);

/** Lines that name a source, credit or advertiser: "Quelle: dpa", "Anzeige - ...", "... (Foto: Getty)". */
const CREDIT_LINE =
  /^((quelle|source|fuente|fonte|źródło|источник|fotos?|photos?|фото|bild|image|credits?)\s*:|(anzeige|advertisement|werbung|sponsored|publicidad|publicité|reklama)\s*[-–—:|])|\((foto|photo|bild|image|quelle|source|credit)s?:[^)]*\)$/i;

/** A date, numeric ("12.12.2022", "2022-12-12", "12/12/22") or with a month name in the corpora's languages ("November 20th, 2019" too). */
const DATE =
  /\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b\d{1,2}\.?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|jän|mär|mai|okt|dez|janv|févr|mars|avr|juil|sept|déc|ene|abr|ago|dic|stycz|lut|mar|kwi|maj|czer|lip|sierp|wrze|paźdz|listop|grud)[a-zäéèûíóúłńś]*\.?\s+\d{4}\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}\b|\b\d{1,2}(st|nd|rd|th)\s+(of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,?\s+\d{4}\b/i;
/** Date lines ("Aktualisiert am 12.12.2022, 08:30 Uhr", "Oct 9, 2019") are page furniture, not the story. */
const DATE_LINE_MAX_CHARS = 50;
const DATE_LINE_MAX_WORDS = 7;

function isDateLine(text: string): boolean {
  // "— Josh Apte (@joshapte) November 3, 2019" closes a quoted tweet: it belongs to the quote.
  return text.length <= DATE_LINE_MAX_CHARS && DATE.test(text) && text.split(/\s+/).length <= DATE_LINE_MAX_WORDS && !text.includes('(@');
}

/** "See also" lines: a label and the title of another story ("Lea también: ...", "PUEDES VER: ..."). */
const SEE_ALSO_LINE =
  /^(see also|read also|also read|related|lea (también|más)|lee también|lea|puedes ver|mira|ver también|leia também|veja também|lire aussi|à lire aussi|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|czytaj (też|także|również)|zobacz (też|także|również)|читайте также|смотрите также)\s*[:：]/i;

/**
 * A newsletter or sign-up prompt: names a newsletter (or e-mail updates) and
 * asks the reader to sign up, in one short line. Both are needed: a story may
 * mention a newsletter, or a subscription, in passing.
 */
const NEWSLETTER_WORD = /newsletter|e-?mail (updates|alerts)|boletín|infolettre|biuletyn|рассылк/i;
const SIGN_UP_WORD = /sign(ing)?[- ]?up|subscribe\b|abonnier|anmelden|melden sie sich|inscri(vez|bete)|suscr[ií]b|zapisz|подпиш|never miss|nichts (mehr )?verpassen/i;
const SIGN_UP_LINE_MAX_CHARS = 200;

export function isSignUpLine(text: string): boolean {
  return text.length <= SIGN_UP_LINE_MAX_CHARS && NEWSLETTER_WORD.test(text) && SIGN_UP_WORD.test(text);
}

/**
 * Headings that title a box of something other than the story: a newsletter
 * form, links to other stories, "more from" lists. A box (a container that
 * starts with such a heading) is cut whole, whatever its link density: its
 * teasers often carry a sentence each besides the link.
 */
const BOX_HEADING = new RegExp(
  '^(' +
    [
      '.{0,40}newsletter.{0,40}|related( articles| stories| content| posts| news| topics)?|more (from|on|in|stories|news|articles)\\b.{0,60}|read (more|next)|recommended( for you| stories| articles)?|you (may|might) also like.{0,20}|(most )?(popular|read|viewed|shared)( stories| articles| now)?|trending( now| stories)?|latest (news|stories|articles)|further reading|sign up.{0,60}|subscribe.{0,60}',
      'mehr (zum thema|aus|von|zu|dazu)\\b.{0,60}|das könnte sie (auch )?interessieren.{0,20}|(lesen sie|lies) (auch|mehr|weiter).{0,40}|auch interessant.{0,20}|weitere (artikel|beiträge|nachrichten|meldungen|themen|news|tipps|tourentipps|informationen).{0,60}|ähnliche (beiträge|artikel|themen)|meistgelesen.{0,20}|(meist|viel)gelesene? .{0,30}|empfehlungen.{0,60}|top-?themen|aktuelle (artikel|beiträge|nachrichten)',
      '(à )?lire (aussi|également|la suite)|sur le même (sujet|thème)|(articles|contenus) (similaires|liés|associés)|les plus lus|dans la même rubrique|vous (aimerez|aimeriez) aussi.{0,20}',
      '(también )?te puede interesar.{0,20}|noticias relacionadas|(lo )?más (leído|visto|noticias)|relacionad[oa]s|leia (também|mais)|veja também|mais lidas|notícias relacionadas|leggi anche|potrebbe interessarti|articoli correlati|più letti',
      'lees (ook|meer)|meer nieuws|gerelateerd.{0,20}|czytaj (też|także|również|więcej)|zobacz (też|także|również)|polecane.{0,20}|najpopularniejsze.{0,20}|powiązane.{0,20}|читайте также|похожие (материалы|новости|статьи)|популярное|相关(阅读|新闻|推荐|文章)|热门推荐',
    ].join('|') +
    ')[:：]?$',
  'i',
);
const BOX_HEADING_MAX_CHARS = 80;

export function isBoxHeading(text: string): boolean {
  return text.length <= BOX_HEADING_MAX_CHARS && BOX_HEADING.test(text);
}

/** A PHP error the server printed into the page ("Warning: ... in /www/.../file.php on line 82"): never the story. */
const SERVER_ERROR_LINE = /^(warning|deprecated|notice|fatal error|parse error|strict standards): .+ on line \d+$/i;

export const isServerErrorLine = (line: string): boolean => line.length <= 500 && SERVER_ERROR_LINE.test(line);

/** A menu written out as text: three or more short items separated by pipes or bullets ("Impressum | Datenschutz | Kontakt"). */
const MENU_SEPARATOR = /\s+[|•·]\s+/;
const MENU_ITEM_MAX_CHARS = 40;

function isMenuLine(text: string): boolean {
  if (text.length > 200 || !MENU_SEPARATOR.test(text)) return false;
  const items = text.split(MENU_SEPARATOR);
  return items.length >= 3 && items.every((t) => t.length <= MENU_ITEM_MAX_CHARS && !/[.!?]$/.test(t));
}

export function isFurnitureLine(text: string): boolean {
  return (
    isSignUpLine(text) ||
    isMenuLine(text) ||
    (text.length <= 60 && FURNITURE_LINES.test(text)) ||
    (text.length <= 250 && SEE_ALSO_LINE.test(text)) ||
    (text.length <= 120 && CREDIT_LINE.test(text)) ||
    isDateLine(text)
  );
}
