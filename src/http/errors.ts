import type { HttpErrorKind } from './types.js';

/**
 * A transport failure: the request got no usable HTTP response.
 * The message never contains the URL (it goes into log fields), so messages
 * group well in logs and metrics; `url` is the hop that failed.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly kind: HttpErrorKind;
  readonly url: string;

  constructor(kind: HttpErrorKind, message: string, url: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.url = url;
  }
}

export function isHttpError(err: unknown): err is HttpError {
  return err instanceof HttpError;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL']);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Walks `cause` links (undici wraps socket errors) looking for the first error code we know. */
function knownCodes(err: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = codeOf(cur);
    if (code) codes.push(code);
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

/** Sorts an arbitrary low-level failure into an HttpError kind with a module-prefixed message. */
export function classifyTransportError(err: unknown, url: string): HttpError {
  if (err instanceof HttpError) return err;
  const codes = knownCodes(err);
  const detail = err instanceof Error ? err.message : String(err);
  for (const code of codes) {
    if (DNS_CODES.has(code)) return new HttpError('dns', `fetch: DNS lookup failed (${code})`, url, { cause: err });
    if (TIMEOUT_CODES.has(code)) return new HttpError('timeout', `fetch: timed out (${code})`, url, { cause: err });
    if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.startsWith('CERT_')) {
      return new HttpError('tls', `fetch: TLS failure (${code})`, url, { cause: err });
    }
    if (code === 'UND_ERR_INVALID_ARG' || code === 'ERR_INVALID_URL') {
      return new HttpError('bad-url', `fetch: invalid request (${detail})`, url, { cause: err });
    }
  }
  const code = codes[0];
  return new HttpError('network', `fetch: network error${code ? ` (${code})` : ''}: ${detail}`, url, { cause: err });
}
