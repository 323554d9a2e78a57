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
      publishedAt: '2026-11-25T18:30:00.000Z',
      author: 'World Desk',
      language: 'en',
    },
    feed: { url: 'https://news.example.com/world/rss.xml', name: 'World News' },
    matches: [
      {
        entityId: 'steve-witkoff',
        name: 'Steve Witkoff',
        role: 'U.S. special envoy to the Middle East',
        count: 5,
        inTitle: true,
        snippets: ['Steve Witkoff, President Donald Trump’s Middle East peace envoy, is set to meet with Khalil al-Hayya, the chief negotiator for Hamas, in the coming days.'],
        offsets: [],
      },
      {
        entityId: 'khalil-al-hayya',
        name: 'Khalil al-Hayya',
        role: 'Hamas chief negotiator',
        count: 3,
        inTitle: true,
        snippets: ['Witkoff’s willingness to engage with al-Hayya illustrates the Trump administration’s strategy of maintaining dialogue with Hamas, despite the group’s designation as a foreign terrorist organization by the United States.'],
        offsets: [],
      },
    ],
    now,
  });
  return { ...payload, type: 'alert.test' };
}
