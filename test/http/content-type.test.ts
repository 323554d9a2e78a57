import { describe, expect, it } from 'vitest';
import { contentTypeOf } from '../../src/http/content-type.js';

describe('contentTypeOf', () => {
  it.each([
    { header: 'application/rss+xml', expected: { mime: 'application/rss+xml' } },
    { header: 'text/html; charset=UTF-8', expected: { mime: 'text/html', charset: 'utf-8' } },
    { header: 'Text/HTML;Charset="windows-1252"', expected: { mime: 'text/html', charset: 'windows-1252' } },
    { header: 'application/xml; foo=bar; charset=ISO-8859-1', expected: { mime: 'application/xml', charset: 'iso-8859-1' } },
    { header: 'text/plain; charset=', expected: { mime: 'text/plain' } },
    { header: 'not a mime type', expected: { mime: '' } },
    { header: '', expected: { mime: '' } },
  ])('parses $header', ({ header, expected }) => {
    expect(contentTypeOf({ 'content-type': header })).toEqual(expected);
  });

  it('returns an empty mime when the header is missing', () => {
    expect(contentTypeOf({})).toEqual({ mime: '' });
  });
});
