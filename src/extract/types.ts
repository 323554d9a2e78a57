/**
 * A page's HTML: one string, or consecutive pieces decoded apart
 * (src/encoding decodeHtmlPieces), which parse exactly as their join would.
 */
export type HtmlSource = string | readonly string[];

/** Where the article body text came from, best first. */
export type TextSource = 'json-ld' | 'article-markup' | 'scored' | 'feed' | 'none';

export interface ExtractedArticle {
  /** Canonical URL from <link rel=canonical> / og:url, else the page URL. Absolute. */
  url: string;
  title?: string;
  author?: string;
  /** ISO 8601. */
  publishedAt?: string;
  /** BCP 47 language tag, e.g. "en". */
  language?: string;
  siteName?: string;
  /** The story's body as plain text, paragraphs separated by blank lines, without the headline. */
  text: string;
  textSource: TextSource;
}
