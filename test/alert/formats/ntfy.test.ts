import { describe, expect, it } from 'vitest';
import { clipBytes, NTFY_MAX_BODY_BYTES, ntfyHeaderValue, renderNtfy } from '../../../src/alert/formats/ntfy.js';
import { alertView, digestView, manyAlerts, witkoff } from './helpers.js';

describe('ntfy format', () => {
  it('publishes a plain-text body with Title, Click and Tags headers, and the bearer token', () => {
    const r = renderNtfy(alertView(witkoff), 'tk_secret');
    expect(r.headers.title).toBe('Witkoff to meet Hamas negotiator');
    expect(r.headers.click).toBe('https://example.com/2026/11/witkoff-hayya');
    expect(r.headers.tags).toBe('newspaper');
    expect(r.headers.authorization).toBe('Bearer tk_secret');
    expect(r.headers.markdown).toBeUndefined();
    expect(r.body).toContain('Steve Witkoff — U.S. special envoy to the Middle East; Khalil al-Hayya');
    expect(r.body).toContain('“Steve Witkoff, President Donald Trump’s');
    expect(renderNtfy(alertView(witkoff)).headers.authorization).toBeUndefined();
  });

  it('encodes a non-ASCII title as RFC 2047 and tags a test', () => {
    const value = ntfyHeaderValue('Witkoff’s “talks”\r\nX-Injected: 1');
    expect(value).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    expect(Buffer.from(value.slice(10, -2), 'base64').toString('utf8')).toBe('Witkoff’s “talks” X-Injected: 1');
    expect(ntfyHeaderValue('plain\nline')).toBe('plain line');
    const test = renderNtfy(alertView(witkoff, true));
    expect(test.headers.title).toBe('[test] Witkoff to meet Hamas negotiator');
    expect(test.headers.tags).toBe('newspaper,test');
  });

  it('keeps a digest within 4,096 bytes, counting UTF-8 bytes', () => {
    const alerts = manyAlerts(200, 150);
    alerts.forEach((a) => (a.article.title = `Перемовини ${a.article.title}`));
    const r = renderNtfy(digestView(alerts));
    expect(Buffer.byteLength(r.body)).toBeLessThanOrEqual(NTFY_MAX_BODY_BYTES);
    expect(r.headers.title).toBe('newswatch digest: 200 stories');
    expect(clipBytes('ééé', 5)).toBe('é…');
  });
});
