import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { createHmac } from 'node:crypto';
import { signedHeaders } from '../../src/alert/sign.js';

const KEY = Buffer.from('newswatch-test-signing-key-32byt');
const SECRET = `whsec_${KEY.toString('base64')}`;

describe('signedHeaders', () => {
  const body = JSON.stringify({ type: 'article.matched', data: { title: 'Witkoff – “talks”' } });
  const now = new Date();

  it('produces headers that Webhook.verify accepts', () => {
    const headers = signedHeaders(SECRET, 'msg_abc', now, body);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['webhook-id']).toBe('msg_abc');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(new Webhook(SECRET).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('signs "id.timestamp.body" with HMAC-SHA256 of the decoded secret, per SPEC', () => {
    const headers = signedHeaders(SECRET, 'msg_abc', now, body);
    const expected = createHmac('sha256', KEY).update(`msg_abc.${headers['webhook-timestamp']}.${body}`).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('fails verification on a tampered body, id or other secret', () => {
    const headers = signedHeaders(SECRET, 'msg_abc', now, body);
    expect(() => new Webhook(SECRET).verify(body.replace('talks', 'tal ks'), headers)).toThrow();
    expect(() => new Webhook(SECRET).verify(body, { ...headers, 'webhook-id': 'msg_other' })).toThrow();
    const other = `whsec_${Buffer.from('another-secret-key-of-32-bytes!!').toString('base64')}`;
    expect(() => new Webhook(other).verify(body, headers)).toThrow();
  });

  it('rejects a malformed secret without quoting it', () => {
    expect(() => signedHeaders('whsec_!!!not-base64-hunter2', 'msg', now, body)).toThrow(/^sign: /);
    try {
      signedHeaders('whsec_!!!not-base64-hunter2', 'msg', now, body);
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });
});
