import { Agent, type Dispatcher } from 'undici';
import { withLeavingHook } from './leaving.js';
import { createLookup, isBlockedAddress, resolveWithSystemDns, type AddressPolicy, type ResolveHost } from './ssrf.js';

/** Connection set-up gets its own bound; the whole-request deadline still applies on top. */
const CONNECT_TIMEOUT_MS = 10_000;

export interface AgentOptions {
  /** Hostname resolver; tests inject one so no real DNS is used. */
  resolve?: ResolveHost;
  /** Which connected-to addresses the guarded agent refuses; default isBlockedAddress. */
  isBlocked?: AddressPolicy;
}

/** The pair of dispatchers a client uses: one guarded against private addresses, one not. */
export interface AgentPair {
  guarded: Dispatcher;
  open: Dispatcher;
  isBlocked: AddressPolicy;
  close(): Promise<void>;
}

function buildAgent(lookup: ReturnType<typeof createLookup>): Dispatcher {
  const agent = new Agent({
    connect: { timeout: CONNECT_TIMEOUT_MS, lookup },
    // Keep-alive: polling the same hosts every few minutes benefits from reuse,
    // but idle sockets should not pile up between polls.
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    // Per origin; feeds of one publisher share a host, so a handful is plenty.
    connections: 8,
    pipelining: 1,
  });
  return withLeavingHook(agent);
}

export function createAgentPair(options: AgentOptions = {}): AgentPair {
  const resolve = options.resolve ?? resolveWithSystemDns;
  const isBlocked = options.isBlocked ?? isBlockedAddress;
  const guarded = buildAgent(createLookup(resolve, isBlocked));
  const open = buildAgent(createLookup(resolve));
  return {
    guarded,
    open,
    isBlocked,
    async close() {
      await Promise.all([guarded.close(), open.close()]);
    },
  };
}
