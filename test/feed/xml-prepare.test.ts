import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/feed/index.js';
import { repairAtom, repairXml, rootElementName, stripDoctype, truncateItems } from '../../src/feed/xml-prepare.js';

describe('rootElementName', () => {
  it.each([
    ['<?xml version="1.0"?>\n<!-- c --><!DOCTYPE html PUBLIC "x" "y"><rss version="2.0">', 'rss'],
    ['<!DOCTYPE x [<!ENTITY a "<b>">]><rdf:RDF xmlns:rdf="r">', 'rdf:RDF'],
    ['  <feed xmlns="http://www.w3.org/2005/Atom">', 'feed'],
    ['<!-- unterminated comment <rss>', undefined],
  ])('%j -> %j', (xml, name) => {
    expect(rootElementName(xml)).toBe(name);
  });
});

describe('stripDoctype', () => {
  it('removes the DOCTYPE with its internal subset and keeps line numbers', () => {
    const xml = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "b">\n]>\n<rss/>';
    expect(stripDoctype(xml)).toBe('<?xml version="1.0"?>\n\n\n\n<rss/>');
  });

  it('leaves a DOCTYPE-like text inside the body alone', () => {
    const xml = '<rss><channel><description>&lt;!DOCTYPE x&gt;</description></channel></rss>';
    expect(stripDoctype(xml)).toBe(xml);
  });
});

describe('truncateItems', () => {
  const feed = (n: number) => `<rss><channel>${Array.from({ length: n }, (_, i) => `<item>${i}</item>`).join('')}<ttl>5</ttl></channel></rss>`;

  it('keeps the first items and the closing structure', () => {
    expect(truncateItems(feed(5), 2)).toBe('<rss><channel><item>0</item><item>1</item><ttl>5</ttl></channel></rss>');
  });

  it('leaves a feed within the cap untouched', () => {
    expect(truncateItems(feed(2), 2)).toBe(feed(2));
  });
});

describe('repairXml', () => {
  const decode = (name: string) => ({ eacute: '\u00e9', lt: '<' })[name];
  it.each([
    ['a & b', 'a &amp; b'],
    ['?x=1&y=2', '?x=1&amp;y=2'],
    ['&amp; &lt; &#233; &#xE9;', '&amp; &lt; &#233; &#xE9;'],
    ['caf&eacute;', 'caf\u00e9'],
    ['&xxe; &lol9;', '&amp;xxe; &amp;lol9;'],
  ])('%j -> %j', (input, output) => {
    expect(repairXml(input, decode)).toBe(output);
  });
});

describe('repairAtom and structural quirks', () => {
  it('turns a text link into an href and drops unreadable dates and empty entries', () => {
    expect(repairAtom('<link>http://x/a</link><link/><updated>soon</updated><published>2026-01-01T00:00:00Z</published><entry/>')).toBe(
      '<link href="http://x/a"/><published>2026-01-01T00:00:00Z</published>',
    );
  });

  it.each([
    ['<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><link>http://x.com/a</link><id>1</id></entry></feed>', 1],
    ['<feed><entry><title>t</title><updated>not a date</updated></entry></feed>', 1],
    ['<feed><entry></entry></feed>', 0],
    ['<feed/>', 0],
    ['<rss version="2.0"/>', 0],
    ['<rss version="2.0"></rss>', 0],
    ['<rss version="2.0"><channel><item/></channel></rss>', 1],
  ])('%j parses to %i items', async (xml, count) => {
    const feed = await parseFeed(xml, 'https://example.org/feed');
    expect(feed.items).toHaveLength(count);
  });
});
