import { describe, expect, it } from 'vitest';
import { classifyTransportError, HttpError, isHttpError } from '../../src/http/errors.js';

const URL_ = 'https://news.example.com/feed.xml';

/** A Node-style system error, as sockets and dns raise them. */
function systemError(code: string, message = `${code} happened`): Error {
  return Object.assign(new Error(message), { code });
}

/** undici wraps the socket's error in a TypeError('fetch failed') or its own error class. */
function wrapped(inner: unknown, depth = 1): Error {
  let err = inner;
  for (let i = 0; i < depth; i++) err = new TypeError('fetch failed', { cause: err });
  return err as Error;
}

describe('classifyTransportError', () => {
  it.each([
    ['ENOTFOUND', 'dns'],
    ['EAI_AGAIN', 'dns'],
    ['ESERVFAIL', 'dns'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['CERT_SOMETHING_NEW', 'tls'],
    ['UND_ERR_INVALID_ARG', 'bad-url'],
    ['ERR_INVALID_URL', 'bad-url'],
    ['ECONNREFUSED', 'network'],
    ['ECONNRESET', 'network'],
    ['UND_ERR_SOCKET', 'network'],
  ])('sorts %s into %s', (code, kind) => {
    const err = classifyTransportError(systemError(code), URL_);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.kind).toBe(kind);
    expect(err.url).toBe(URL_);
  });

  it('finds the code under undici’s wrappers, a few causes deep', () => {
    expect(classifyTransportError(wrapped(systemError('ENOTFOUND'), 3), URL_).kind).toBe('dns');
    expect(classifyTransportError(wrapped(systemError('ECONNREFUSED'), 1), URL_).message).toBe(
      'fetch: network error (ECONNREFUSED): fetch failed',
    );
  });

  it('ends on a cause chain that loops back on itself', () => {
    const looping: Error & { cause?: unknown } = new Error('loop');
    looping.cause = new Error('inner', { cause: looping });
    expect(classifyTransportError(looping, URL_).kind).toBe('network');
  });

  it('prefers the first code it knows over an unknown outer one', () => {
    const outer = Object.assign(new Error('socket closed'), { code: 'UND_ERR_SOCKET', cause: systemError('ETIMEDOUT') });
    expect(classifyTransportError(outer, URL_).kind).toBe('timeout');
  });

  it('keeps the original error as the cause, and starts its message with the module', () => {
    const original = systemError('CERT_HAS_EXPIRED');
    const err = classifyTransportError(original, URL_);
    expect(err.cause).toBe(original);
    expect(err.message).toBe('fetch: TLS failure (CERT_HAS_EXPIRED)');
  });

  it('never puts the URL into the message (it goes into log fields)', () => {
    for (const code of ['ENOTFOUND', 'ETIMEDOUT', 'CERT_HAS_EXPIRED', 'ECONNRESET']) {
      expect(classifyTransportError(systemError(code), URL_).message).not.toContain('news.example.com');
    }
  });

  it('handles throws that are not errors, and errors with no code', () => {
    expect(classifyTransportError('boom', URL_)).toMatchObject({ kind: 'network', message: 'fetch: network error: boom' });
    expect(classifyTransportError(new Error('other side hung up'), URL_).message).toBe('fetch: network error: other side hung up');
    expect(classifyTransportError(null, URL_).kind).toBe('network');
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 42 }), URL_).message).toBe('fetch: network error: x');
  });

  it('passes an HttpError through unchanged', () => {
    const own = new HttpError('too-large', 'fetch: body exceeds 10 bytes', URL_);
    expect(classifyTransportError(own, 'https://elsewhere.example/')).toBe(own);
    expect(isHttpError(own)).toBe(true);
    expect(isHttpError(systemError('ENOTFOUND'))).toBe(false);
  });
});
