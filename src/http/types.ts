/** What every caller of the HTTP client gets back; bodies are raw bytes (decoding is the caller's stage). */
export interface HttpResponse {
  status: number;
  /** Final URL after redirects. */
  url: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpRequestOptions {
  method?: 'GET' | 'POST' | 'HEAD';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Whole-request deadline (connect + headers + body). */
  timeoutMs: number;
  /** Decompressed body cap; exceeding it aborts with a 'too-large' error. */
  maxBytes: number;
  /** Default 5. */
  maxRedirects?: number;
  allowPrivateNetworks: boolean;
  /** Accept header; default is tuned per use (feed / html). */
  accept?: string;
  signal?: AbortSignal;
  /**
   * Called synchronously as the first request is written onto its socket
   * (src/http/leaving.ts), not when it is handed to undici: the host limiter
   * counts its gap from here (workers/state/local-gap.ts). Not called when
   * no request is ever written (a DNS or connect failure).
   */
  onLeaving?: () => void;
}

/** Categories a failed request is sorted into; the queue decides retry vs give up from it. */
export type HttpErrorKind =
  | 'timeout'
  | 'network'
  | 'dns'
  | 'tls'
  | 'too-large'
  | 'too-many-redirects'
  | 'blocked-address'
  | 'bad-url'
  | 'decompression';
