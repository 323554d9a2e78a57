import { buildAlertPayload } from './payload.js';
import type { AlertPayload } from './types.js';

/**
 * The test alert `newswatch alerts test` sends: the story newswatch started
 * from (Steve Witkoff to meet Khalil al-Hayya), as a real alert would carry
 * it, typed `alert.test` so a receiver can tell it from news.
 */
export function sampleTestPayload(now: Date): AlertPayload {
  const payload = buildAlertPayload({
    watchlistId: 'newswatch-test',
    article: {
      url: 'https://news.example.com/world/2026/11/witkoff-al-hayya-meeting',
      title: 'Witkoff set to meet Hamas negotiator Khalil al-Hayya',
      publishedAt: '2026-11-26T05:40:00.000Z',
      language: 'en',
    },
    feed: { url: 'https://news.example.com/world/rss.xml', name: 'newswatch test' },
    matches: [
      {
        entityId: 'steve-witkoff',
        name: 'Steve Witkoff',
        role: 'U.S. special envoy to the Middle East',
        count: 5,
        inTitle: true,
        snippets: ['Steve Witkoff, President Donald Trump’s Middle East peace envoy, is set to meet with Khalil al-Hayya, Hamas’s chief negotiator.'],
        offsets: [],
      },
      {
        entityId: 'khalil-al-hayya',
        name: 'Khalil al-Hayya',
        role: 'Hamas chief negotiator',
        count: 3,
        inTitle: true,
        snippets: ['Khalil al-Hayya leads the Hamas delegation in the talks.'],
        offsets: [],
      },
    ],
    now,
  });
  return { ...payload, type: 'alert.test' };
}
