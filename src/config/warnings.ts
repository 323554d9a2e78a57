import { ipLiteralOf, isBlockedAddress } from '../http/ssrf.js';
import type { NewswatchConfig } from './types.js';

/**
 * Things a valid config will do that its author probably did not mean,
 * printed by `newswatch validate` (they do not stop the worker). Addresses
 * are named by their place in the file, never by value: webhook URLs are
 * secrets.
 *
 * 1. With `fetch.allowPrivateNetworks: false`, a webhook or feed on a
 *    loopback/private IP literal or a `localhost` name will be refused at
 *    every attempt. (Names that resolve to private addresses are only known
 *    at connect time.)
 * 2. A watchlist that notifies no webhook alerts nobody.
 */
export function configWarnings(config: NewswatchConfig): string[] {
  const out: string[] = [];
  if (!config.fetch.allowPrivateNetworks) {
    config.webhooks.forEach((h, i) => {
      if (isPrivateHost(h.url)) {
        out.push(`webhooks[${i}] (${h.id}): its URL is a private or loopback address, so every delivery will be refused; set fetch.allowPrivateNetworks: true for a receiver on your own network`);
      }
    });
    config.feeds.forEach((f, i) => {
      if (isPrivateHost(f.url)) {
        out.push(`feeds[${i}]: a private or loopback address, so every poll will be refused; set fetch.allowPrivateNetworks: true for feeds on your own network`);
      }
    });
  }
  if (config.webhooks.length > 0) {
    for (const w of config.watchlists) if (w.notify.length === 0) out.push(`watchlist ${w.id}: notify is empty, so its matches alert nobody`);
  }
  return out;
}

function isPrivateHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const literal = ipLiteralOf(host);
  return literal !== undefined && isBlockedAddress(literal);
}
