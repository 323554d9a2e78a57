import { MIMEType } from 'whatwg-mimetype';

export interface ContentType {
  /** Lower-cased essence, e.g. `application/rss+xml`; empty when absent or unparseable. */
  mime: string;
  /** Lower-cased charset parameter when declared. */
  charset?: string;
}

/**
 * Reads the Content-Type header with the WHATWG MIME parser (the one browsers
 * use), so quirky values like `text/html; charset="UTF-8"; foo` still parse.
 */
export function contentTypeOf(headers: Record<string, string | string[] | undefined>): ContentType {
  const raw = headers['content-type'];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (!value) return { mime: '' };
  const parsed = MIMEType.parse(value);
  if (!parsed) return { mime: '' };
  const charset = parsed.parameters.get('charset');
  return charset ? { mime: parsed.essence, charset: charset.toLowerCase() } : { mime: parsed.essence };
}
