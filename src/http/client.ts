import { request } from 'undici';
import { createAgentPair, type AgentOptions, type AgentPair } from './agents.js';
import { discardBody, readBody } from './body.js';
import { ON_LEAVING } from './leaving.js';
import { HttpError, classifyTransportError } from './errors.js';
import { BlockedAddressError, ipLiteralOf, PRIVATE_NETWORK_HINT } from './ssrf.js';
import type { HttpRequestOptions, HttpResponse } from './types.js';
import { USER_AGENT } from './user-agent.js';

export { USER_AGENT } from './user-agent.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_REDIRECTS = 5;
/** Credentials meant for one origin must not follow a redirect to another. */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/** Headers describing a request body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'transfer-encoding'];

export interface HttpClient {
  request(url: string, opts: HttpRequestOptions): Promise<HttpResponse>;
  close(): Promise<void>;
}

/**
 * A client with its own agents. Production code uses the shared one through
 * httpRequest(); tests build their own to inject DNS answers and the address
 * policy.
 */
export function createHttpClient(agentOptions: AgentOptions = {}): HttpClient {
  let agents: AgentPair | undefined;
  return {
    request(url, opts) {
      agents ??= createAgentPair(agentOptions);
      return requestWith(agents, url, opts);
    },
    async close() {
      const current = agents;
      agents = undefined;
      await current?.close();
    },
  };
}

let sharedClient: HttpClient | undefined;

/**
 * Fetches `url`, following redirects by hand so every hop passes the SSRF
 * guard. Resolves with any HTTP status and the decompressed body; rejects with
 * HttpError for transport failures, or with the caller's abort reason when
 * `opts.signal` aborts.
 */
export function httpRequest(url: string, opts: HttpRequestOptions): Promise<HttpResponse> {
  sharedClient ??= createHttpClient();
  return sharedClient.request(url, opts);
}

/** Closes the shared agents' sockets; call on shutdown. A later request opens new ones. */
export async function closeHttpAgents(): Promise<void> {
  const client = sharedClient;
  sharedClient = undefined;
  await client?.close();
}

function parseHttpUrl(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch (err) {
    throw new HttpError('bad-url', 'fetch: not a valid URL', base ? `${raw} (from ${base.href})` : raw, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpError('bad-url', `fetch: unsupported scheme ${url.protocol}`, url.href);
  }
  return url;
}

/** Literal IPs never reach the DNS lookup (node skips it), so they are checked here. */
function assertLiteralAllowed(url: URL, agents: AgentPair): void {
  const literal = ipLiteralOf(url.hostname);
  if (literal !== undefined && agents.isBlocked(literal)) {
    throw new HttpError('blocked-address', `fetch: refusing to connect to a non-public address (${literal}); ${PRIVATE_NETWORK_HINT}`, url.href);
  }
}

function buildHeaders(opts: HttpRequestOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: opts.accept ?? '*/*',
  };
  for (const [name, value] of Object.entries(opts.headers ?? {})) headers[name.toLowerCase()] = value;
  if (opts.accept !== undefined) headers.accept = opts.accept;
  // Always ours: the body decoder only understands these.
  headers['accept-encoding'] = 'gzip, deflate, br';
  return headers;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function hasBlockedCause(err: unknown): BlockedAddressError | undefined {
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof BlockedAddressError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function checkOptions(opts: HttpRequestOptions): void {
  if (!(opts.timeoutMs > 0)) throw new TypeError('fetch: timeoutMs must be a positive number');
  if (!(opts.maxBytes >= 0)) throw new TypeError('fetch: maxBytes must be zero or more');
  const max = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  if (!Number.isInteger(max) || max < 0) throw new TypeError('fetch: maxRedirects must be a whole number ≥ 0');
}

async function requestWith(agents: AgentPair, rawUrl: string, opts: HttpRequestOptions): Promise<HttpResponse> {
  checkOptions(opts);
  if (opts.signal?.aborted) throw opts.signal.reason;

  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const dispatcher = opts.allowPrivateNetworks ? agents.open : agents.guarded;
  // One deadline for the whole request, redirects included: undici's own
  // timeouts are per phase and reset on every byte, so a trickling server
  // would otherwise never be cut off.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([deadline.signal, opts.signal]) : deadline.signal;

  let url = parseHttpUrl(rawUrl);
  let method = opts.method ?? 'GET';
  let body = opts.body;
  const headers = buildHeaders(opts);

  try {
    for (let redirects = 0; ; redirects++) {
      if (!opts.allowPrivateNetworks) assertLiteralAllowed(url, agents);
      const res = await request(url, {
        dispatcher,
        // The host limiter counts its gap from when the first request is written (a redirect is part of the same start).
        ...(redirects === 0 && opts.onLeaving && { [ON_LEAVING]: opts.onLeaving }),
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
        signal,
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
      });
      const resHeaders = flattenHeaders(res.headers);
      const location = resHeaders.location;

      if (REDIRECT_STATUSES.has(res.statusCode) && location !== undefined && maxRedirects > 0) {
        // Drain a little so the socket can be reused; a big redirect body just gets the socket closed.
        await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        if (redirects >= maxRedirects) {
          throw new HttpError('too-many-redirects', `fetch: more than ${maxRedirects} redirects`, url.href);
        }
        const next = parseHttpUrl(location, url);
        if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
          if (method !== 'HEAD') method = 'GET';
          body = undefined;
          for (const h of BODY_HEADERS) delete headers[h];
        }
        if (next.origin !== url.origin) for (const h of ORIGIN_BOUND_HEADERS) delete headers[h];
        url = next;
        continue;
      }

      // HEAD, 204 and 304 carry no body even when they declare a length.
      if (method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304) {
        await res.body.dump().catch(() => undefined);
        return { status: res.statusCode, url: url.href, headers: resHeaders, body: Buffer.alloc(0) };
      }
      const declared = Number(resHeaders['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        discardBody(res.body);
        throw new HttpError('too-large', `fetch: content-length ${declared} exceeds ${opts.maxBytes} bytes`, url.href);
      }
      const bytes = await readBody(res.body, {
        url: url.href,
        maxBytes: opts.maxBytes,
        contentEncoding: resHeaders['content-encoding'],
      });
      return { status: res.statusCode, url: url.href, headers: resHeaders, body: bytes };
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (deadline.signal.aborted) {
      throw new HttpError('timeout', `fetch: timed out after ${opts.timeoutMs} ms`, url.href, { cause: err });
    }
    if (opts.signal?.aborted) throw opts.signal.reason;
    const blocked = hasBlockedCause(err);
    if (blocked) throw new HttpError('blocked-address', blocked.message, url.href, { cause: err });
    throw classifyTransportError(err, url.href);
  } finally {
    clearTimeout(timer);
  }
}
