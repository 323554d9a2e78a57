/**
 * HTML (a string, or pieces parsed in turn) → domhandler Document with htmlparser2, in bounded time.
 *
 * htmlparser2 is parsed optimistically: its nesting is watched as the tree is
 * built, and only a page that goes past MAX_NESTING_DEPTH (hostile or broken
 * beyond repair; none in our corpora) is parsed again after the lexical
 * nesting cap. Ordinary pages so skip that extra pass over the HTML, and the
 * tree is the same either way: the cap leaves a page within the depth as it
 * is. (This is htmlparser2's parseDocument, which is what cheerio.load runs.)
 */
import type { Document, Element } from 'domhandler';
import { DomHandler } from 'domhandler';
import { Parser } from 'htmlparser2';
import { capSizePieces, MAX_NESTING_DEPTH } from './input.js';
import { LeanParser } from './lean-parser.js';
import { capNestingHtmlparser2 } from './nesting.js';
import { normalizeDocument } from './normalize.js';
import { isFactElement } from './page-facts.js';
import { IndexOfTokenizer } from './tokenizer.js';
import type { HtmlSource } from './types.js';

const HTMLPARSER2_OPTIONS = { xmlMode: false, decodeEntities: true } as const;

/** cheerio.load options that parse as extraction does: the bare-parse floor benchmarks compare against. */
export const CHEERIO_LOAD_OPTIONS = { xml: HTMLPARSER2_OPTIONS };

const TOO_DEEP = new Error('extract: nesting past the cap');

/**
 * DomHandler that builds no comment nodes (nothing in extraction reads them,
 * and pages carry many: build stamps, ad markers, conditional comments; text
 * on both sides of one becomes one text node, as it reads), and notes the
 * elements page facts are read from as they open.
 */
class NoCommentHandler extends DomHandler {
  /** Elements page-facts.ts reads, in document order, noted as they open: no second walk over the tree. */
  readonly noted: Element[] = [];

  constructor() {
    super(undefined, HTMLPARSER2_OPTIONS);
  }

  override onopentag(name: string, attribs: { [key: string]: string }): void {
    super.onopentag(name, attribs);
    if (isFactElement(name, attribs)) this.noted.push(this.tagStack[this.tagStack.length - 1] as Element);
  }

  override oncomment(): void {}

  override oncommentend(): void {}
}

/** ... that gives up (throws TOO_DEEP) once elements nest past `maxDepth`. */
class DepthWatchingHandler extends NoCommentHandler {
  constructor(private readonly maxDepth: number) {
    super();
  }

  override onopentag(name: string, attribs: { [key: string]: string }): void {
    super.onopentag(name, attribs);
    // tagStack holds the document itself below the open elements.
    if (this.tagStack.length - 1 > this.maxDepth) throw TOO_DEEP;
  }
}

/** Which attributes the tree keeps: all of them, or only those article extraction reads (lean-parser.ts). */
export type KeptAttributes = 'all' | 'extraction';

function parseWith(handler: NoCommentHandler, pieces: readonly string[], attributes: KeptAttributes): ParsedPage {
  const options = { ...HTMLPARSER2_OPTIONS, Tokenizer: IndexOfTokenizer };
  const parser = attributes === 'extraction' ? new LeanParser(handler, options) : new Parser(handler, options);
  for (const piece of pieces) parser.write(piece);
  parser.end();
  return { doc: handler.root, noted: handler.noted };
}

export interface ParsedPage {
  doc: Document;
  /** The elements page facts are read from (page-facts.ts), in document order. */
  noted: Element[];
}

/** The document as html > head + body (see normalize.ts), with the elements page facts are read from. */
export function parsePage(html: HtmlSource, attributes: KeptAttributes = 'all'): ParsedPage {
  const sized = capSizePieces(typeof html === 'string' ? [html] : html);
  let page: ParsedPage;
  try {
    page = parseWith(new DepthWatchingHandler(MAX_NESTING_DEPTH), sized, attributes);
  } catch (err) {
    if (err !== TOO_DEEP) throw err;
    // Hostile or broken beyond repair, and rare: the nesting cap reads the page as one string.
    page = parseWith(new NoCommentHandler(), [capNestingHtmlparser2(sized.join(''), MAX_NESTING_DEPTH)], attributes);
  }
  normalizeDocument(page.doc);
  return page;
}

/** The document as html > head + body (see normalize.ts). */
export function parseHtml(html: HtmlSource, attributes: KeptAttributes = 'all'): Document {
  return parsePage(html, attributes).doc;
}
