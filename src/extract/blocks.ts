/**
 * The one list of block-level elements extraction knows: an element that
 * starts a new paragraph or line in the rendered text (text.ts), makes its
 * parent "hold blocks" for the paragraph rules (stats.ts), and marks HTML
 * inside JSON-LD bodies (json-ld-body.ts). <br> is here too: it breaks the
 * line everywhere these are used.
 */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption', 'body', 'html', 'br',
]);

/** The heading elements: a section's title in the rendered text, a box's title, never furniture by their id. */
export const HEADING_TAGS: ReadonlySet<string> = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** A start or end tag of any block element, in markup. */
export const BLOCK_TAG_IN_MARKUP = new RegExp(`<\\/?(?:${[...BLOCK_TAGS].join('|')})\\b`, 'i');
