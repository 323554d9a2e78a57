import { readFileSync } from 'node:fs';
import type { AlertData, AlertPayload, OutgoingMessage } from '../../../src/alert/types.js';
import { messageView, type MessageView } from '../../../src/alert/formats/view.js';

export function loadPayload(name: string): AlertPayload {
  return JSON.parse(readFileSync(new URL(`../../fixtures/alert/${name}`, import.meta.url), 'utf8')) as AlertPayload;
}

export const witkoff = loadPayload('witkoff-payload.expected.json');
export const hostile = loadPayload('hostile-payload.json');

export function alertView(payload: AlertPayload, test = false): MessageView {
  return messageView({ kind: 'alert', id: 'msg_x', payload: test ? { ...payload, type: 'alert.test' } : payload });
}

/** `n` distinct stories about the seed's people, for digests. */
export function manyAlerts(n: number, titleLength = 60): AlertData[] {
  return Array.from({ length: n }, (_, i) => {
    const data = structuredClone(witkoff.data);
    data.article.url = `https://example.com/story/${i}`;
    data.article.title = `Story ${i} `.padEnd(titleLength, 'x');
    return data;
  });
}

export function digestMessage(alerts: AlertData[], start = '2026-12-01T07:00:00.000Z', end = '2026-12-01T08:00:00.000Z'): OutgoingMessage {
  return { kind: 'digest', id: 'digest_ops_20261201T070000Z', payload: { type: 'digest', timestamp: end, data: { webhook: { id: 'ops' }, window: { start, end }, alerts } } };
}

export function digestView(alerts: AlertData[], zone?: string): MessageView {
  return messageView(digestMessage(alerts), zone);
}
