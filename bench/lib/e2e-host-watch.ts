/**
 * The serving side's check of the worker's politeness: per host, the most
 * requests in flight at once and the smallest gap between two request
 * starts (feeds and pages alike), as the host itself sees them.
 */
export interface HostWatch {
  maxInFlight: number;
  /** Smallest gap between two request arrivals (ms); undefined with fewer than two requests. */
  minGapMs?: number;
  requests: number;
  /** Gaps under SHORT_GAP_MS: a count, so one late-scheduled arrival on a loaded machine shows as what it is. */
  shortGaps: number;
}

/** The worker's gap (250 ms) less 10 ms of arrival jitter. */
export const SHORT_GAP_MS = 240;

export class HostWatcher {
  private readonly hosts = new Map<number, HostWatch & { inFlight: number; lastStart?: number }>();

  reset(): void {
    this.hosts.clear();
  }

  /** Call when a request arrives; call the returned function once its answer is finished or the socket closes. */
  start(host: number, now = performance.now()): () => void {
    let h = this.hosts.get(host);
    if (!h) this.hosts.set(host, (h = { maxInFlight: 0, requests: 0, inFlight: 0, shortGaps: 0 }));
    if (h.lastStart !== undefined) {
      h.minGapMs = Math.min(h.minGapMs ?? Infinity, now - h.lastStart);
      if (now - h.lastStart < SHORT_GAP_MS) h.shortGaps += 1;
    }
    h.lastStart = now;
    h.requests += 1;
    h.inFlight += 1;
    h.maxInFlight = Math.max(h.maxInFlight, h.inFlight);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      h.inFlight -= 1;
    };
  }

  summary(): { maxInFlight: number; minGapMs?: number; shortGaps: number; requests: number; hosts: number; perHost: Array<HostWatch & { host: number }> } {
    const perHost = [...this.hosts].map(([host, h]) => ({ host, maxInFlight: h.maxInFlight, minGapMs: h.minGapMs, requests: h.requests, shortGaps: h.shortGaps }));
    const gaps = perHost.map((h) => h.minGapMs).filter((g): g is number => g !== undefined);
    return {
      maxInFlight: Math.max(0, ...perHost.map((h) => h.maxInFlight)),
      minGapMs: gaps.length > 0 ? Math.min(...gaps) : undefined,
      shortGaps: perHost.reduce((n, h) => n + h.shortGaps, 0),
      requests: perHost.reduce((n, h) => n + h.requests, 0),
      hosts: perHost.length,
      perHost,
    };
  }
}

/** What the site reports: the hosts' check, and its own event-loop delay since the phase began (ms). */
export type SiteHostReport = ReturnType<HostWatcher['summary']> & { loopLagMaxMs: number };
