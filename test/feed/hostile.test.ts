import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeXml } from '../../src/encoding/decode.js';
import { MAX_ITEMS_PER_FEED, parseFeed } from '../../src/feed/index.js';
import { repoRoot } from './corpus-files.js';
import { waitFor } from '../helpers/wait.js';

const FEED_URL = 'https://example.org/feed.xml';
const fixture = (name: string): string =>
  decodeXml(fs.readFileSync(path.join(repoRoot, 'test/fixtures/feeds', name))).text;

describe('parseFeed: hostile XML', () => {
  it('does not expand billion-laughs entities (time and output stay small)', async () => {
    const started = performance.now();
    const feed = await parseFeed(fixture('billion-laughs.xml'), FEED_URL);
    expect(performance.now() - started).toBeLessThan(1_000);
    const item = feed.items[0]!;
    // The reference stays literal text: nothing was expanded.
    expect(item.title).toBe('&lol9;');
    expect(item.contentText).toBe('&lol9;&lol9;&lol9;');
    expect(JSON.stringify(feed).length).toBeLessThan(1_000);
  });

  it('does not resolve an external entity (XXE) to a local file', async () => {
    const feed = await parseFeed(fixture('xxe.xml'), FEED_URL);
    const output = JSON.stringify(feed);
    expect(output).not.toMatch(/root:|\/bin\/(ba)?sh|nologin/);
    expect(feed.items[0]?.title).toBe('Leak: &xxe;');
  });

  it('never fetches a remote DTD, and still decodes HTML entities', async () => {
    // The DTD URL points at this listener: any connection would be a fetch.
    const clientPorts: number[] = [];
    const server = net.createServer((socket) => {
      clientPorts.push(socket.remotePort!);
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const xml = fixture('remote-dtd.xml').replace('127.0.0.1:9', `127.0.0.1:${port}`);
      const feed = await parseFeed(xml, FEED_URL);
      // A connection of our own after parsing: the listener accepts in order, so once it has seen
      // ours it has seen any the parser opened.
      const probe = net.connect(port, '127.0.0.1').on('error', () => undefined);
      await new Promise((resolve) => probe.once('connect', resolve));
      const probePort = probe.localPort!;
      await waitFor(() => clientPorts.includes(probePort), 5_000);
      probe.destroy();
      expect(clientPorts).toEqual([probePort]);
      expect(feed.items[0]?.title).toBe('Caf\u00e9 & more news');
    } finally {
      server.close();
    }
  });
});

describe('parseFeed: a 100,000-item feed', () => {
  function hugeFeed(items: number): string {
    const parts = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Huge</title>'];
    for (let i = 0; i < items; i += 1) {
      parts.push(
        `<item><title>Item ${i}</title><link>https://example.org/items/${i}</link><guid>g-${i}</guid>` +
          `<pubDate>Thu, 26 Nov 2026 05:40:00 GMT</pubDate><description>Body of item ${i}</description></item>`,
      );
    }
    parts.push('<ttl>30</ttl></channel></rss>');
    return parts.join('\n');
  }

  it(`keeps the first ${MAX_ITEMS_PER_FEED} items, in bounded time`, async () => {
    const xml = hugeFeed(100_000);
    const started = performance.now();
    const feed = await parseFeed(xml, FEED_URL);
    const elapsed = performance.now() - started;
    expect(feed.items).toHaveLength(MAX_ITEMS_PER_FEED);
    expect(feed.items[0]).toMatchObject({ guid: 'g-0', title: 'Item 0' });
    expect(feed.items.at(-1)).toMatchObject({ guid: `g-${MAX_ITEMS_PER_FEED - 1}` });
    // What follows the last item (here <ttl>) survives the cut.
    expect(feed.ttlMinutes).toBe(30);
    expect(elapsed).toBeLessThan(3_000);
  });
});
