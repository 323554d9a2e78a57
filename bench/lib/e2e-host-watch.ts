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
}

export class HostWatcher {
  private readonly hosts = new Map<number, HostWatch & { inFlight: number; lastStart?: number }>();

  reset(): void {
    this.hosts.clear();
  }

  /** Call when a request arrives; call the returned function once its answer is finished or the socket closes. */
  start(host: number, now = performance.now()): () => void {
    let h = this.hosts.get(host);
    if (!h) this.hosts.set(host, (h = { maxInFlight: 0, requests: 0, inFlight: 0 }));
    if (h.lastStart !== undefined) h.minGapMs = Math.min(h.minGapMs ?? Infinity, now - h.lastStart);
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

  summary(): { maxInFlight: number; minGapMs?: number; hosts: number; perHost: Array<HostWatch & { host: number }> } {
    const perHost = [...this.hosts].map(([host, h]) => ({ host, maxInFlight: h.maxInFlight, minGapMs: h.minGapMs, requests: h.requests }));
    const gaps = perHost.map((h) => h.minGapMs).filter((g): g is number => g !== undefined);
    return {
      maxInFlight: Math.max(0, ...perHost.map((h) => h.maxInFlight)),
      minGapMs: gaps.length > 0 ? Math.min(...gaps) : undefined,
      hosts: perHost.length,
      perHost,
    };
  }
}
