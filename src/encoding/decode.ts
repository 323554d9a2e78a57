import { getEncoding } from 'encoding-sniffer';
import {
  decodePiecesWith,
  decodeWith,
  isValidUtf8,
  isWideCharset,
  normalizeCharset,
  sniffBom,
  sniffWideXml,
} from './charset.js';
import { detectLegacyCharset } from './detect.js';

export interface DecodedText {
  text: string;
  /** The charset the bytes were decoded with (lower-case iconv-lite name). */
  charset: string;
}

/** The XML declaration at the very start of a document, read as ASCII. */
const PROLOG_RE = /^\s*<\?xml[^>]*?\?>/;
const PROLOG_ENCODING_RE = /\sencoding\s*=\s*["']([^"']*)["']/;

/**
 * Decodes a feed body. Precedence: BOM, HTTP charset, UTF-16/32 byte
 * pattern, XML prolog `encoding=`, then UTF-8 when the bytes are valid
 * UTF-8, else a statistical guess (undeclared legacy feeds).
 *
 * RFC 3023's rule that `text/xml` without a charset means US-ASCII is
 * deliberately not applied: feeds served that way are, in practice, in the
 * encoding their prolog declares.
 *
 * The returned text has no BOM and no `encoding=` in its prolog, so a
 * parser downstream cannot decode the string a second time.
 */
export function decodeXml(bytes: Buffer, contentTypeCharset?: string): DecodedText {
  const charset = chooseXmlCharset(bytes);
  function chooseXmlCharset(b: Buffer): string {
    const bom = sniffBom(b);
    if (bom) return bom.charset;
    const wide = sniffWideXml(b);
    const header = normalizeCharset(contentTypeCharset);
    if (header) return resolveEndianness(header, wide);
    if (wide) return wide;
    const declared = normalizeCharset(readProlog(b)?.encoding);
    // A prolog read as ASCII cannot truly be in UTF-16/32: ignore that claim.
    if (declared && !isWideCharset(declared)) return declared;
    if (isValidUtf8(b)) return 'utf-8';
    return detectLegacyCharset(b);
  }
  return { text: stripEncodingDeclaration(decodeWith(bytes, charset)), charset };
}

/**
 * Decodes an HTML page with the WHATWG sniffing algorithm (BOM, HTTP charset,
 * `<meta charset>` / `http-equiv` prescan), defaulting to UTF-8.
 */
export function decodeHtml(bytes: Buffer, contentTypeCharset?: string): DecodedText {
  const charset = chooseHtmlCharset(bytes, contentTypeCharset);
  return { text: decodeWith(bytes, charset), charset };
}

export interface DecodedPieces {
  /** The page's text in consecutive pieces (joined, they are `decodeHtml`'s text). */
  pieces: string[];
  charset: string;
}

/** Bytes per piece: past some tens of KB, a string is one of V8's large objects (see decodePiecesWith). */
export const HTML_PIECE_BYTES = 16 * 1024;

/**
 * `decodeHtml` for a page that goes to the parser (which reads pieces in
 * turn, src/extract/parse.ts): the text in pieces, never one large string.
 */
export function decodeHtmlPieces(bytes: Buffer, contentTypeCharset?: string, pieceBytes = HTML_PIECE_BYTES): DecodedPieces {
  const charset = chooseHtmlCharset(bytes, contentTypeCharset);
  return { pieces: decodePiecesWith(bytes, charset, pieceBytes), charset };
}

/** The WHATWG sniffing algorithm's answer, as an iconv-lite name. */
function chooseHtmlCharset(bytes: Buffer, contentTypeCharset: string | undefined): string {
  const header = normalizeCharset(contentTypeCharset);
  const sniffed = getEncoding(bytes, {
    transportLayerEncodingLabel: header,
    defaultEncoding: 'utf-8',
    maxBytes: 4096,
  });
  const charset = normalizeCharset(sniffed) ?? 'utf-8';
  return resolveEndianness(charset, undefined);
}

function resolveEndianness(charset: string, wide: string | undefined): string {
  if (charset === 'utf-16') return wide?.startsWith('utf-16') ? wide : 'utf-16be';
  if (charset === 'utf-32') return wide?.startsWith('utf-32') ? wide : 'utf-32be';
  return charset;
}

function readProlog(bytes: Buffer): { encoding?: string } | undefined {
  const head = bytes.subarray(0, 512).toString('latin1');
  const prolog = PROLOG_RE.exec(head)?.[0];
  if (!prolog) return undefined;
  return { encoding: PROLOG_ENCODING_RE.exec(prolog)?.[1] };
}

function stripEncodingDeclaration(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const prolog = PROLOG_RE.exec(body);
  if (!prolog) return body;
  const cleaned = prolog[0].replace(PROLOG_ENCODING_RE, '');
  return cleaned + body.slice(prolog[0].length);
}
