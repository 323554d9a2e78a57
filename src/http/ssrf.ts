import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guard. A feed URL is user-controlled, so without this a config entry (or
 * a redirect, or a DNS answer) could make the worker read cloud metadata at
 * 169.254.169.254 or poke services on the host's private network.
 *
 * Two checks share one policy: literal IPs in a URL are checked before any
 * request, and hostnames are checked inside the socket's `lookup`, on the very
 * addresses the socket then connects to (so DNS rebinding between a check and
 * the connect is impossible).
 */

/** Returns true for an address the worker must not connect to. */
export type AddressPolicy = (ip: string) => boolean;

/** Resolves a hostname to every address; injectable so tests never need real DNS. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const resolveWithSystemDns: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Said with every refusal, so the way out (for hosts on your own network) is named where the problem shows. */
export const PRIVATE_NETWORK_HINT = 'fetch.allowPrivateNetworks: true allows it, for hosts on your own network';

/** Raised by the guarded lookup; carries a code so the client can classify it after undici rethrows it. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly code = 'ERR_NEWSWATCH_BLOCKED_ADDRESS';
  constructor(readonly address: string) {
    super(`fetch: refusing to connect to a non-public address (${address}); ${PRIVATE_NETWORK_HINT}`);
  }
}

/** Only globally routable unicast is allowed; ipaddr.js names every special range. */
function isBlockedV4(addr: ipaddr.IPv4): boolean {
  return addr.range() !== 'unicast';
}

function embeddedV4(parts: number[], hiIndex: number): ipaddr.IPv4 {
  const hi = parts[hiIndex] ?? 0;
  const lo = parts[hiIndex + 1] ?? 0;
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

function isBlockedV6(addr: ipaddr.IPv6): boolean {
  const parts = addr.parts;
  // ::/96 holds ::, ::1 and the deprecated IPv4-compatible form ::a.b.c.d;
  // none is a legitimate public destination, and ipaddr.js files the last
  // one under 'unicast'.
  if (parts.slice(0, 6).every((p) => p === 0)) return true;
  const range = addr.range();
  switch (range) {
    case 'unicast':
      return false;
    // Forms that carry an IPv4 address: judge the IPv4 address inside.
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return isBlockedV4(embeddedV4(parts, 6));
    case 'rfc6052': // NAT64; only the well-known 64:ff9b::/96 is global
      return parts[2] !== 0 || parts[3] !== 0 || parts[4] !== 0 || parts[5] !== 0 || isBlockedV4(embeddedV4(parts, 6));
    case '6to4': // 2002:aabb:ccdd::/48
      return isBlockedV4(embeddedV4(parts, 1));
    default:
      return true;
  }
}

/**
 * True when `ip` is loopback, private, link-local, unique-local, CGNAT,
 * unspecified, multicast, broadcast, reserved/documentation, or any IPv6 form
 * wrapping one of those. Anything that does not parse as an IP is blocked too:
 * the guard fails closed.
 */
export function isBlockedAddress(ip: string): boolean {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const canonical = bare.includes(':') ? canonicalIPv6(bare) : bare;
  if (canonical === undefined || !ipaddr.isValid(canonical)) return true;
  const addr = ipaddr.parse(canonical);
  return addr.kind() === 'ipv4' ? isBlockedV4(addr as ipaddr.IPv4) : isBlockedV6(addr as ipaddr.IPv6);
}

/**
 * Spells an IPv6 address the way the WHATWG URL parser (and so undici) does.
 * ipaddr.js reads `::a.b.c.d` as IPv4-mapped while URL and the socket layer
 * read it as `::aabb:ccdd` (IPv4-compatible); judging the canonical form keeps
 * the guard in agreement with what would actually be connected to.
 */
function canonicalIPv6(ip: string): string | undefined {
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/** The bare IP when a URL hostname is an IP literal (`[::1]` → `::1`), else undefined. */
export function ipLiteralOf(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : undefined;
}

/**
 * Builds a `net.connect` lookup: resolves with `resolve`, drops the addresses
 * `isBlocked` refuses, and fails with BlockedAddressError when none is left.
 * Without a policy it only resolves (used for the allow-private agent, so both
 * agents share one injectable resolver).
 */
export function createLookup(resolve: ResolveHost, isBlocked?: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (answers) => {
        const family = options.family === 4 || options.family === 6 ? options.family : undefined;
        let usable = family ? answers.filter((a) => a.family === family) : answers;
        if (isBlocked) {
          const allowed = usable.filter((a) => !isBlocked(a.address));
          if (allowed.length === 0 && usable.length > 0) {
            callback(new BlockedAddressError(usable[0]!.address), '', 4);
            return;
          }
          usable = allowed;
        }
        if (usable.length === 0) {
          const err = Object.assign(new Error(`fetch: no usable address for host`), { code: 'ENOTFOUND' });
          callback(err, '', 4);
          return;
        }
        if (options.all) {
          callback(null, usable);
        } else {
          callback(null, usable[0]!.address, usable[0]!.family);
        }
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', 4),
    );
  };
}
