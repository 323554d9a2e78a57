import { Readable, pipeline, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { HttpError } from './errors.js';

/** Thrown out of the read loop when the cap is crossed; every stage is then destroyed. */
class BodyTooLarge extends Error {}

/**
 * Decoders for one Content-Encoding token. Flushing like browsers do
 * (Z_SYNC_FLUSH) accepts a stream cut right after a complete block, which
 * many servers send; truly broken data still fails.
 */
function decoderFor(token: string, firstBytes: Buffer): Transform | null {
  const lenient = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (token) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(lenient);
    case 'deflate':
      // "deflate" should mean zlib-wrapped (RFC 9110) but some servers send raw
      // deflate; a zlib header's first two bytes form a multiple of 31.
      return looksLikeZlib(firstBytes) ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient);
    case 'br':
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return null;
  }
}

function looksLikeZlib(bytes: Buffer): boolean {
  if (bytes.length < 2) return false;
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  return (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0;
}

/** Content-Encoding tokens in the order they must be undone (last applied first). */
export function encodingsToUndo(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '' && t !== 'identity')
    .reverse();
}

/** Reads up to the first two bytes without losing them, so deflate's flavour can be sniffed. */
async function peek(source: AsyncIterator<Buffer>): Promise<{ head: Buffer; done: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < 2) {
    const next = await source.next();
    if (next.done) return { head: Buffer.concat(parts), done: true };
    parts.push(next.value);
    size += next.value.length;
  }
  return { head: Buffer.concat(parts), done: false };
}

async function* prepend(head: Buffer, rest: AsyncIterator<Buffer>, done: boolean): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  if (done) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

export interface ReadBodyOptions {
  url: string;
  maxBytes: number;
  contentEncoding: string | undefined;
}

/**
 * Streams a response body through its decoders and collects it, counting
 * DECODED bytes: a gzip bomb is cut off as soon as the cap is crossed, never
 * inflated in full (zlib streams honour backpressure chunk by chunk).
 */
export async function readBody(body: Readable, opts: ReadBodyOptions): Promise<Buffer> {
  // Failures surface through the read loop below; this listener only keeps a
  // destroy() after we stopped reading from becoming an unhandled 'error'.
  body.on('error', noop);
  const tokens = encodingsToUndo(opts.contentEncoding);
  const unknown = tokens.find((t) => !['gzip', 'x-gzip', 'deflate', 'br'].includes(t));
  if (unknown !== undefined) {
    body.destroy();
    throw new HttpError('decompression', `fetch: unsupported content-encoding "${unknown}"`, opts.url);
  }

  let source: Readable = body;
  const decoders: Transform[] = [];
  if (tokens.length > 0) {
    const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const { head, done } = await peek(iterator);
    if (head.length === 0) return Buffer.alloc(0);
    source = Readable.from(prepend(head, iterator, done), { objectMode: false });
    // Only the outermost decoder's input is visible here; inner layers of a
    // double encoding are zlib-wrapped in practice, so sniff with the same head.
    for (const token of tokens) decoders.push(decoderFor(token, head)!);
  }

  // The callback form returns the last stage and destroys every stage when any
  // fails or when the loop below stops reading early.
  const decoded: Readable =
    decoders.length === 0 ? source : (pipeline([source, ...decoders], noop) as unknown as Readable);

  // Remember what each decoder itself reported, to tell broken compressed data
  // from a transport failure that pipeline merely passed along.
  const decoderErrors = new Set<unknown>();
  for (const decoder of decoders) decoder.once('error', (err) => decoderErrors.add(err));
  let transportError: unknown;
  body.once('error', (err) => (transportError ??= err));

  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > opts.maxBytes) throw new BodyTooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    decoded.destroy();
    body.destroy();
    if (err instanceof BodyTooLarge) {
      throw new HttpError('too-large', `fetch: body exceeds ${opts.maxBytes} bytes`, opts.url);
    }
    if (err !== transportError && decoderErrors.has(err)) {
      throw new HttpError('decompression', `fetch: cannot decode body (${(err as { code?: string }).code})`, opts.url, {
        cause: err,
      });
    }
    throw err;
  }
  return Buffer.concat(chunks, total);
}

function noop(): void {}

/** Closes a body we will not read, without an unhandled 'error' from undici's abort. */
export function discardBody(body: Readable): void {
  body.on('error', noop);
  body.destroy();
}
