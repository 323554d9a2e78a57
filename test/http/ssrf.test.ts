import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { BlockedAddressError, createLookup, ipLiteralOf, isBlockedAddress } from '../../src/http/ssrf.js';

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private 10/8'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'private 172.16/12, last'],
    ['192.168.1.1', 'private 192.168/16'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.255', 'CGNAT, last'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'this network 0/8'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved 240/4'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'IPv6 loopback'],
    ['[::1]', 'IPv6 loopback, bracketed'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['febf::1', 'IPv6 link-local, last /10'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local fd'],
    ['ff02::1', 'IPv6 multicast'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['not-an-ip', 'unparseable fails closed'],
    ['', 'empty fails closed'],
  ])('blocks %s (%s)', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each([
    ['93.184.216.34', 'public IPv4'],
    ['8.8.8.8', 'public IPv4'],
    ['1.1.1.1', 'public IPv4'],
    ['172.32.0.1', 'just outside 172.16/12'],
    ['100.128.0.1', 'just outside CGNAT'],
    ['2606:4700:4700::1111', 'public IPv6'],
    ['2a00:1450:4001:80b::200e', 'public IPv6'],
    ['::ffff:8.8.8.8', 'v4-mapped public'],
    ['64:ff9b::808:808', 'NAT64 of 8.8.8.8'],
    ['2002:808:808::1', '6to4 of 8.8.8.8'],
  ])('allows %s (%s)', (ip) => {
    expect(isBlockedAddress(ip)).toBe(false);
  });

  // IPv6 spellings that wrap a blocked IPv4 address must be judged by that address.
  it.each([
    ['::ffff:127.0.0.1', 'v4-mapped loopback'],
    ['::ffff:7f00:1', 'v4-mapped loopback, hex'],
    ['::FFFF:7F00:0001', 'v4-mapped loopback, upper case'],
    ['0:0:0:0:0:ffff:127.0.0.1', 'v4-mapped loopback, long form'],
    ['::ffff:10.0.0.1', 'v4-mapped private'],
    ['::ffff:169.254.169.254', 'v4-mapped link-local'],
    ['::ffff:192.168.0.1', 'v4-mapped private'],
    ['::ffff:100.64.0.1', 'v4-mapped CGNAT'],
    ['::ffff:0.0.0.0', 'v4-mapped unspecified'],
    ['::ffff:0:127.0.0.1', 'SIIT-translated loopback'],
    ['::127.0.0.1', 'v4-compatible loopback'],
    ['::7f00:1', 'v4-compatible loopback, hex'],
    ['::10.0.0.1', 'v4-compatible private'],
    ['::8.8.8.8', 'v4-compatible form is deprecated, even for a public address'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of link-local'],
    ['64:ff9b:1::808:808', 'local-use NAT64 prefix'],
    ['2002:7f00:1::1', '6to4 of loopback'],
    ['2002:a00:1::1', '6to4 of 10.0.0.1'],
    ['2001::1', 'Teredo'],
  ])('blocks %s (%s)', (ip) => {
    expect(isBlockedAddress(ip)).toBe(true);
  });
});

describe('ipLiteralOf', () => {
  // Hostnames as WHATWG URL leaves them: it already turns 0x7f000001 or 127.1 into dotted quads.
  it.each([
    ['http://127.0.0.1/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://[::1]/', '::1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://example.com/', undefined],
    ['http://localhost/', undefined],
  ])('%s → %s', (url, expected) => {
    expect(ipLiteralOf(new URL(url).hostname)).toBe(expected);
  });
});

describe('createLookup', () => {
  const answers: Record<string, LookupAddress[]> = {
    'public.test': [{ address: '93.184.216.34', family: 4 }],
    'private.test': [{ address: '10.0.0.1', family: 4 }],
    'mixed.test': [
      { address: '10.0.0.1', family: 4 },
      { address: '::1', family: 6 },
      { address: '2606:4700:4700::1111', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ],
  };
  const resolve = async (host: string): Promise<LookupAddress[]> => answers[host] ?? [];
  const guarded = createLookup(resolve, isBlockedAddress);

  function run(
    lookup: typeof guarded,
    host: string,
    options: { all?: boolean; family?: number },
  ): Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }> {
    return new Promise((done) => lookup(host, options, (err, address, family) => done({ err, address, family })));
  }

  it('passes public answers through, in both callback shapes', async () => {
    expect(await run(guarded, 'public.test', {})).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect(await run(guarded, 'public.test', { all: true })).toMatchObject({
      err: null,
      address: [{ address: '93.184.216.34', family: 4 }],
    });
  });

  it('fails with BlockedAddressError when every answer is blocked', async () => {
    const { err } = await run(guarded, 'private.test', { all: true });
    expect(err).toBeInstanceOf(BlockedAddressError);
    expect(err?.message).toBe('fetch: refusing to connect to a non-public address (10.0.0.1); fetch.allowPrivateNetworks: true allows it, for hosts on your own network');
  });

  it('drops blocked answers and keeps the public ones', async () => {
    const all = await run(guarded, 'mixed.test', { all: true });
    expect(all.address).toEqual([
      { address: '2606:4700:4700::1111', family: 6 },
      { address: '93.184.216.34', family: 4 },
    ]);
    expect(await run(guarded, 'mixed.test', { family: 4 })).toMatchObject({ address: '93.184.216.34', family: 4 });
  });

  it('does not filter without a policy (the allow-private agent)', async () => {
    const open = createLookup(resolve);
    expect(await run(open, 'private.test', {})).toMatchObject({ err: null, address: '10.0.0.1' });
  });

  it('reports an empty answer as ENOTFOUND', async () => {
    const { err } = await run(guarded, 'nowhere.test', {});
    expect(err?.code).toBe('ENOTFOUND');
  });
});
