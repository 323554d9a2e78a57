/**
 * Step 1 of the source stage (see source.ts): one conditional GET of a
 * source or of a sitemap index's child, with the HTTP client's caps and SSRF
 * guard (I/O: the HTTP client only; no Redis).
 */
import { httpRequest } from '../http/client.js';
import type { FetchConfig } from '../config/types.js';

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5';

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type SourceFetch =
  | { outcome: 'ok'; body: Buffer; url: string; headers: Record<string, string>; validators: Validators }
  | { outcome: 'not-modified'; headers: Record<string, string> }
  | { outcome: 'gone'; status: number }
  | { outcome: 'error'; error: string; status?: number; headers?: Record<string, string> };

/** One conditional GET of a source. Never throws for network or HTTP trouble: it says what happened. */
/** `onLeaving`: see HttpRequestOptions. */
export async function fetchSource(url: string, validators: Validators, fetchConfig: FetchConfig, onLeaving?: () => void): Promise<SourceFetch> {
  const headers: Record<string, string> = {};
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  let response;
  try {
    response = await httpRequest(url, {
      headers,
      accept: FEED_ACCEPT,
      timeoutMs: fetchConfig.timeoutMs,
      maxBytes: fetchConfig.maxBytes,
      allowPrivateNetworks: fetchConfig.allowPrivateNetworks,
      onLeaving,
    });
  } catch (err) {
    return { outcome: 'error', error: (err as Error).message };
  }
  const { status } = response;
  if (status === 304) return { outcome: 'not-modified', headers: response.headers };
  if (status === 410) return { outcome: 'gone', status };
  if (status < 200 || status >= 300) {
    // Retry-After, Date and the like travel in the headers: the schedule planner reads them.
    return { outcome: 'error', status, error: `feed: HTTP ${status}`, headers: response.headers };
  }
  return {
    outcome: 'ok',
    body: response.body,
    url: response.url,
    headers: response.headers,
    validators: { etag: response.headers.etag, lastModified: response.headers['last-modified'] },
  };
}

