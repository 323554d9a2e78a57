import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml, decodeHtmlPieces, decodeXml, HTML_PIECE_BYTES } from '../../src/encoding/decode.js';
import { parseFeed } from '../../src/feed/index.js';
import { feedCorpus, headerCharset } from '../feed/corpus-files.js';

const FEED_URL = 'http://example.com/feed.xml';
const fp = (name: string): Buffer => fs.readFileSync(path.join(feedCorpus, 'feedparser', name));

async function parseCorpus(name: string) {
  const bytes = fp(name);
  const decoded = decodeXml(bytes, headerCharset(bytes));
  return { decoded, feed: await parseFeed(decoded.text, FEED_URL) };
}

describe('decodeXml: byte order and wide encodings (feedparser encoding/)', () => {
  it.each([
    ['utf-8-bom.xml', 'utf-8'],
    ['utf-16be-bom.xml', 'utf-16be'],
    ['utf-16le-bom.xml', 'utf-16le'],
    ['utf-32be-bom.xml', 'utf-32be'],
    ['utf-32le-bom.xml', 'utf-32le'],
    ['utf-16be-autodetect.xml', 'utf-16be'],
    ['utf-16le-autodetect.xml', 'utf-16le'],
    ['utf-32be-autodetect.xml', 'utf-32be'],
    ['utf-32le-autodetect.xml', 'utf-32le'],
    ['utf-16be.xml', 'utf-16be'],
    ['utf-16le.xml', 'utf-16le'],
    ['utf-32be.xml', 'utf-32be'],
    ['utf-32le.xml', 'utf-32le'],
    ['u16.xml', 'utf-16be'],
    ['utf16.xml', 'utf-16be'],
    ['utf_16.xml', 'utf-16be'],
    ['utf_32.xml', 'utf-32be'],
  ])('%s decodes as %s', async (name, charset) => {
    const { decoded, feed } = await parseCorpus(`encoding/${name}`);
    expect(decoded.charset).toBe(charset);
    expect(decoded.text.startsWith('<?xml')).toBe(true);
    expect(decoded.text).not.toMatch(/\sencoding=/);
    expect(feed.format).toBe('rss');
  });
});

describe('decodeXml: HTTP charset, then prolog (feedparser encoding/)', () => {
  it('prefers the HTTP charset over the prolog', async () => {
    const { decoded, feed } = await parseCorpus('encoding/http_text_xml_charset_overrides_encoding_2.xml');
    expect(decoded.charset).toBe('windows-1252');
    expect(feed.items[0]?.contentText).toBe('This is a \u00a3\u201ctest.\u201d');
  });

  it('decodes windows-1252 from the header alone', async () => {
    const { feed } = await parseCorpus('encoding/http_text_xml_charset_2.xml');
    expect(feed.items[0]?.contentText).toBe('This is a \u00a3\u201ctest.\u201d');
  });

  it('reads latin1 labels as windows-1252 (WHATWG)', () => {
    expect(decodeXml(fp('encoding/http_application_xml_encoding.xml')).charset).toBe('windows-1252');
    expect(decodeXml(Buffer.from([0x93, 0x41, 0x94]), 'ISO-8859-1').text).toBe('\u201cA\u201d');
  });

  it.each(['euc-kr.xml', 'euc-kr-item.xml'])('%s: prolog euc-kr gives \u{b144}', async (name) => {
    const { decoded, feed } = await parseCorpus(`encoding/${name}`);
    expect(decoded.charset).toBe('euc-kr');
    const text = feed.title ?? feed.items[0]?.contentText;
    expect(text).toBe('\ub144');
  });

  it.each([
    'http_application_atom_xml_gb2312_charset.xml',
    'http_application_atom_xml_gb2312_charset_overrides_encoding.xml',
    'http_application_atom_xml_gb2312_encoding.xml',
  ])('%s decodes GB2312 as its superset gb18030', (name) => {
    const bytes = fp(`encoding/${name}`);
    expect(decodeXml(bytes, headerCharset(bytes)).charset).toBe('gb18030');
  });

  it('ignores a bogus prolog encoding and a bogus header charset', () => {
    expect(decodeXml(fp('encoding/bozo_bogus_encoding.xml')).charset).toBe('utf-8');
    expect(decodeXml(Buffer.from('<rss/>'), 'x-no-such-charset').charset).toBe('utf-8');
  });

  it('keeps UTF-8 text intact (http_i18n)', async () => {
    const { feed } = await parseCorpus('encoding/http_i18n.xml');
    expect(JSON.stringify(feed)).toContain('I\u00f1t\u00ebrn\u00e2ti\u00f4n\u00e0liz\u00e6ti\u00f8n');
  });

  it('replaces invalid UTF-8 after a UTF-8 BOM instead of failing', () => {
    const { text, charset } = decodeXml(fp('encoding/bozo_invalid-bytes-with-bom.xml'));
    expect(charset).toBe('utf-8');
    expect(text).toContain('Valid UTF8: \u0468');
    expect(text).toContain('Espa\ufffda');
  });
});

describe('decodeXml: undeclared legacy encodings (feedparser illformed/chardet)', () => {
  it.each([
    ['big5.xml', /^big5/, '\u6211\u5e0c\u671b'],
    ['eucjp.xml', /^euc-jp$/, '\u30b2\u30fc\u30e0\u4e09\u6627'],
    ['euckr.xml', /^(euc-kr|cp949)$/, '\ud55c\uae00'],
    ['gb2312.xml', /^gb18030$/, '\u6f2b\u753b\u7cfb\u5217'],
    ['koi8r.xml', /^koi8-r$/, '\u041a\u0430\u043a \u043f\u0435\u0440\u0435\u0436\u0438\u0442\u044c'],
    ['shiftjis.xml', /^(shift_jis|cp932)$/, '\u8a18\u4e8b\u6295\u7a3f'],
    ['tis620.xml', /^(tis-620|cp874|windows-874)$/, '\u0e2a\u0e33\u0e19\u0e31\u0e01\u0e07\u0e32\u0e19'],
    ['windows1255.xml', /^windows-1255$/, '\u05d4\u05d0\u05dd'],
  ])('%s is detected (%s) and decodes to real text', async (name, charset, sample) => {
    const { decoded, feed } = await parseCorpus(`illformed/chardet/${name}`);
    expect(decoded.charset).toMatch(charset);
    expect(decoded.text).not.toContain('\ufffd');
    const item = feed.items[0];
    const text = `${feed.title ?? ''} ${item?.title ?? ''} ${item?.contentText ?? ''}`;
    expect(text).toContain(sample);
  });
});

describe('decodeXml: synthetic cases', () => {
  it('defaults to UTF-8 for undeclared valid UTF-8', () => {
    expect(decodeXml(Buffer.from('<rss><channel><title>caf\u00e9 \u2014 \u65e5\u672c</title></channel></rss>'))).toEqual({
      text: '<rss><channel><title>caf\u00e9 \u2014 \u65e5\u672c</title></channel></rss>',
      charset: 'utf-8',
    });
  });

  it('guesses a legacy charset for undeclared bytes that are not UTF-8', () => {
    const bytes = iconv.encode('<rss><channel><title>Привет, как дела? Новости дня и погода в Москве</title></channel></rss>', 'windows-1251');
    const { text, charset } = decodeXml(bytes);
    expect(charset).toBe('windows-1251');
    expect(text).toContain('Новости дня');
  });

  it('lets a BOM win over the header', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('<rss/>', 'utf-16le')]);
    expect(decodeXml(bytes, 'windows-1252')).toEqual({ text: '<rss/>', charset: 'utf-16le' });
  });

  it('strips the encoding declaration but keeps the rest of the prolog', () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="koi8-r" standalone="yes"?><rss>\u0414\u0430</rss>', 'koi8-r');
    const { text, charset } = decodeXml(bytes);
    expect(charset).toBe('koi8-r');
    expect(text).toBe('<?xml version="1.0" standalone="yes"?><rss>\u0414\u0430</rss>');
  });
});

describe('decodeHtml', () => {
  it('uses <meta charset>', () => {
    const html = iconv.encode('<html><head><meta charset="windows-1251"></head><body>\u041f\u0440\u0438\u0432\u0435\u0442</body></html>', 'windows-1251');
    const { text, charset } = decodeHtml(html);
    expect(charset).toBe('windows-1251');
    expect(text).toContain('\u041f\u0440\u0438\u0432\u0435\u0442');
  });

  it('uses http-equiv Content-Type and maps latin1 to windows-1252', () => {
    const html = Buffer.concat([
      Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>'),
      Buffer.from([0x93, 0x68, 0x69, 0x94, 0xe9]),
    ]);
    expect(decodeHtml(html)).toMatchObject({ charset: 'windows-1252' });
    expect(decodeHtml(html).text).toContain('\u201chi\u201d\u00e9');
  });

  it('lets the HTTP charset win over <meta>, and a BOM over both', () => {
    const html = iconv.encode('<meta charset="windows-1251"><p>\u00e9', 'utf-8');
    expect(decodeHtml(html, 'utf-8').text).toContain('\u00e9');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), html]);
    expect(decodeHtml(withBom, 'windows-1251')).toMatchObject({ charset: 'utf-8' });
  });

  it('defaults to UTF-8', () => {
    expect(decodeHtml(Buffer.from('<p>\u00fcber</p>'))).toEqual({ text: '<p>\u00fcber</p>', charset: 'utf-8' });
  });
});

describe('decodeHtml: UTF-8 through the platform decoder', () => {
  // Bytes iconv-lite (the decoder of every other charset) and TextDecoder must agree on: BOM, broken and truncated sequences.
  const cases: Array<[string, number[]]> = [
    ['a BOM', [0xef, 0xbb, 0xbf, 0x3c, 0x70, 0x3e]],
    ['curly apostrophe', [0x57, 0x69, 0x74, 0x6b, 0x6f, 0x66, 0x66, 0xe2, 0x80, 0x99, 0x73]],
    ['a lone continuation byte', [0x61, 0x80, 0x62]],
    ['a truncated 3-byte sequence', [0x61, 0xe2, 0x80, 0x62]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a truncated sequence at the end', [0x61, 0xf0, 0x9f, 0x98]],
  ];
  it.each(cases)('decodes %s as iconv-lite does', (_name, bytes) => {
    const buf = Buffer.from(bytes);
    expect(decodeHtml(buf, 'utf-8').text).toBe(iconv.decode(buf, 'utf-8', { stripBOM: true }));
  });
});

describe('decodeHtmlPieces: the same text as decodeHtml, never one large string', () => {
  // Every piece size from 1 byte up splits some character of these pages between two pieces.
  const pages: Array<[string, Buffer, string | undefined]> = [
    ['UTF-8 with a BOM and 2-, 3- and 4-byte characters', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Witkoff\u2019s caf\u00e9 \ud83d\ude00 \u062e\u0644\u064a\u0644</p>')]), undefined],
    ['UTF-8 with broken and truncated sequences', Buffer.from([0x3c, 0x70, 0x3e, 0x61, 0x80, 0x62, 0xe2, 0x80, 0x62, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x61, 0xf0, 0x9f, 0x98]), 'utf-8'],
    ['Shift_JIS from <meta> (double-byte characters)', iconv.encode('<meta charset="shift_jis"><p>\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b</p>', 'shift_jis'), undefined],
    ['windows-1252 from the header', Buffer.from([0x3c, 0x70, 0x3e, 0x93, 0x68, 0x69, 0x94, 0xe9]), 'iso-8859-1'],
    ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('<p>\u00fcber \ud83d\ude00</p>', 'utf-16le')]), undefined],
  ];
  it.each(pages)('%s: joined pieces are the whole text, at every piece size', (_name, bytes, header) => {
    const whole = decodeHtml(bytes, header);
    for (let size = 1; size <= bytes.length + 1; size++) {
      const { pieces, charset } = decodeHtmlPieces(bytes, header, size);
      expect(charset).toBe(whole.charset);
      expect(pieces.join('')).toBe(whole.text);
    }
  });

  it('cuts a page into pieces of at most HTML_PIECE_BYTES bytes each', () => {
    const bytes = Buffer.from(`<p>${'caf\u00e9 au lait, '.repeat(10_000)}</p>`);
    const { pieces } = decodeHtmlPieces(bytes);
    expect(pieces.length).toBe(Math.ceil(bytes.length / HTML_PIECE_BYTES));
    for (const piece of pieces) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(HTML_PIECE_BYTES);
    expect(pieces.join('')).toBe(decodeHtml(bytes).text);
  });
});
