import type { FetchConfig } from '../config/types.js';
import { httpRequest } from '../http/client.js';
import { HttpError } from '../http/errors.js';
import { contentTypeOf } from '../http/content-type.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { decodeHtmlPieces } from '../encoding/decode.js';
import type { HtmlSource } from '../extract/index.js';

export const HTML_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

/** What fetching an article page came to; the article worker maps each kind to a queue outcome. */
export type PageFetch =
  | { kind: 'html'; url: string; html: HtmlSource; charset: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'permanent'; reason: string; status?: number }
  | { kind: 'retry'; reason: string; status?: number; retryAfterMs?: number };

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml', '']);

/** `onLeaving`: see HttpRequestOptions (the host's politeness gap counts from the moment the request leaves). */
export async function fetchPage(url: string, fetchConfig: FetchConfig, now = Date.now(), onLeaving?: () => void): Promise<PageFetch> {
  let response;
  try {
    response = await httpRequest(url, {
      accept: HTML_ACCEPT,
      timeoutMs: fetchConfig.timeoutMs,
      maxBytes: fetchConfig.maxBytes,
      allowPrivateNetworks: fetchConfig.allowPrivateNetworks,
      onLeaving,
    });
  } catch (err) {
    if (err instanceof HttpError) {
      const permanent = ['blocked-address', 'bad-url', 'too-large', 'too-many-redirects'].includes(err.kind);
      return permanent ? { kind: 'permanent', reason: err.message } : { kind: 'retry', reason: err.message };
    }
    throw err;
  }
  const { status, headers } = response;
  if (status === 404 || status === 410) return { kind: 'permanent', status, reason: `fetch: HTTP ${status}` };
  if (status === 429 || status === 503) {
    return { kind: 'retry', status, reason: `fetch: HTTP ${status}`, retryAfterMs: parseRetryAfter(headers['retry-after'], now) };
  }
  if (status === 408 || status >= 500) return { kind: 'retry', status, reason: `fetch: HTTP ${status}` };
  if (status < 200 || status >= 300) return { kind: 'permanent', status, reason: `fetch: HTTP ${status}` };
  const { mime, charset } = contentTypeOf(headers);
  if (!HTML_TYPES.has(mime)) return { kind: 'skip', reason: `fetch: not HTML (${mime})` };
  // In pieces: the parser reads them in turn, and no large string is made (decodeHtmlPieces says why).
  const decoded = decodeHtmlPieces(response.body, charset);
  return { kind: 'html', url: response.url, html: decoded.pieces, charset: decoded.charset };
}
