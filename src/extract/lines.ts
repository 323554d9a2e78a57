/**
 * Line rules: text lines (a rendered paragraph or line of the story) that are
 * page furniture whatever box they sit in: "Advertisement", share prompts,
 * date and credit lines, "see also" lines, newsletter sign-ups, menus written
 * out as text, server error output; and the titles of boxes that are not the
 * story ("Related", "More from ..."). Word lists cover the corpora's languages.
 */

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

/** Lines that name a source, credit or advertiser: "Quelle: dpa", "Anzeige - ...". */
const CREDIT_LINE =
  /^((quelle|source|fuente|fonte|źródło|источник|fotos?|photos?|фото|bild|image|credits?)\s*:|(anzeige|advertisement|werbung|sponsored|publicidad|publicité|reklama)\s*[-–—:|])/i;

/** A picture credit closing a line: "… (Foto: Getty)". */
const CREDIT_SUFFIX = /\s*\((foto|photo|bild|image|quelle|source|credit)s?:[^)]*\)$/i;

/**
 * A line without its closing picture credit: the credit is furniture, the
 * caption before it ("VW-Chef Herbert Diess: Die Stimmung … (Foto: VW)")
 * is the story's. A line that is only a credit comes back empty.
 */
export const withoutCredit = (line: string): string => (line.endsWith(')') && line.length <= 500 ? line.replace(CREDIT_SUFFIX, '') : line);

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
  /^(see also|read also|also read|related( posts?| articles?| stories?| reading| content| coverage)?|read more|more on this|lea (también|más)|lee también|lea|puedes ver|mira|ver también|leia também|veja também|lire aussi|à lire aussi|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|czytaj (też|także|również)|zobacz (też|także|również)|читайте также|смотрите также)\s*[:：]/i;

/**
 * A newsletter or sign-up prompt: names a newsletter (or e-mail updates) and
 * asks the reader to sign up, in one short line. Both are needed: a story may
 * mention a newsletter, or a subscription, in passing.
 */
const NEWSLETTER_WORD = /newsletter|e-?mail (updates|alerts)|boletín|infolettre|biuletyn|рассылк/i;
const SIGN_UP_WORD = /sign(ing)?[- ]?up|subscribe\b|abonnier|anmelden|melden sie sich|inscri(vez|bete)|suscr[ií]b|zapisz|подпиш|never miss|nichts (mehr )?verpassen/i;
const SIGN_UP_LINE_MAX_CHARS = 200;

function isSignUpLine(text: string): boolean {
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
