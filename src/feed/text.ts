import * as cheerio from 'cheerio';

/** Item content is a fallback for matching; past this it is only cost. */
export const MAX_CONTENT_CHARS = 20_000;

/** Elements after which a line break belongs in the plain text. */
const BLOCK_TAGS =
  'p, div, br, li, ul, ol, h1, h2, h3, h4, h5, h6, blockquote, pre, tr, table, section, article, header, footer, figure, figcaption, hr, dd, dt';

/** Plain text of an HTML fragment: scripts dropped, blocks on their own lines, entities decoded. */
export function htmlToText(html: string, maxChars = MAX_CONTENT_CHARS): string {
  if (!/[<&]/.test(html)) return collapseLines(html).slice(0, maxChars);
  // The budget bounds the parse too: cheerio on a multi-megabyte blob is slow.
  const $ = cheerio.load(html.slice(0, maxChars * 4), null, false);
  $('script, style, noscript, template, iframe, object').remove();
  $(BLOCK_TAGS).each((_, el) => {
    $(el).append('\n');
  });
  return collapseLines($.root().text()).slice(0, maxChars);
}

/** A one-line title: markup stripped (when there is any), entities decoded, whitespace collapsed. */
export function toTitle(value: string): string {
  const text = /<[a-zA-Z/!]|&[#a-zA-Z]/.test(value) ? cheerio.load(value, null, false).root().text() : value;
  return text.replace(/\s+/g, ' ').trim();
}

function collapseLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
