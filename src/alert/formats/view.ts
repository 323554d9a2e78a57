import type { AlertData, OutgoingMessage } from '../types.js';

/**
 * What every human-facing format shows, worked out once: the story as a
 * titled link, the people with their roles, the best snippet; for a digest
 * the window and the stories grouped by person. Renderers only escape and
 * lay this out within their service's limits.
 */

export interface PersonView {
  name: string;
  role?: string;
}

export interface StoryView {
  /** The headline, or the URL when the article has none. */
  title: string;
  url: string;
  feedName?: string;
  people: PersonView[];
  snippet?: string;
}

export interface DigestGroup {
  person: PersonView;
  stories: StoryView[];
  /** Stories left out of `stories` (beyond MAX_STORIES_PER_PERSON). */
  more: number;
}

/** A digest lists at most this many stories per person, so one busy person cannot crowd out the rest. */
export const MAX_STORIES_PER_PERSON = 15;

export type MessageView =
  | { kind: 'alert'; test: boolean; story: StoryView }
  | { kind: 'digest'; window: { start: Date; end: Date; label: string }; storyCount: number; groups: DigestGroup[] };

type Match = AlertData['matches'][number];

/**
 * The snippet a reader should see: from the person most prominent in the
 * story (named in the title, then most mentions), its first snippet. The
 * match's `prominence` (title, lead, body: issue 13's rule step) ranks first.
 */
const PROMINENCE_RANK = { title: 2, lead: 1, body: 0 } as const;

export function bestSnippet(matches: Match[]): string | undefined {
  const score = (m: Match) => [m.prominence ? PROMINENCE_RANK[m.prominence] : 0, m.inTitle ? 1 : 0, m.count] as const;
  const ranked = matches
    .filter((m) => m.snippets.length > 0)
    .sort((a, b) => {
      const [x, y] = [score(a), score(b)];
      return y[0] - x[0] || y[1] - x[1] || y[2] - x[2];
    });
  return ranked[0]?.snippets[0];
}

function person(m: Match): PersonView {
  return { name: m.name, ...(m.role !== undefined && { role: m.role }) };
}

export function storyView(data: AlertData): StoryView {
  const { article, matches } = data;
  const snippet = bestSnippet(matches);
  return {
    title: article.title ?? article.url,
    url: article.url,
    ...(article.feed.name !== undefined && { feedName: article.feed.name }),
    people: matches.map(person),
    ...(snippet !== undefined && { snippet }),
  };
}

/** "1 Dec 2026, 07:00–08:00 UTC" (or in the digest's own zone, for daily digests). */
export function windowLabel(start: Date, end: Date, zone = 'UTC'): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' });
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const sameDay = day.format(start) === day.format(end);
  const from = `${day.format(start)}, ${time.format(start)}`;
  const to = sameDay ? time.format(end) : `${day.format(end)}, ${time.format(end)}`;
  return `${from}–${to} ${zone}`;
}

/**
 * Stories grouped by person: a story naming two people is listed under both,
 * with the snippet about that person. People with the most stories first.
 */
export function groupByPerson(alerts: AlertData[]): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const data of alerts) {
    const base = storyView(data);
    for (const m of data.matches) {
      let group = groups.get(m.entityId);
      if (!group) groups.set(m.entityId, (group = { person: person(m), stories: [], more: 0 }));
      if (group.stories.some((s) => s.url === base.url)) continue;
      const snippet = m.snippets[0] ?? base.snippet;
      group.stories.push({ ...base, ...(snippet !== undefined ? { snippet } : {}) });
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.stories.length - a.stories.length || a.person.name.localeCompare(b.person.name))
    .map((g) => ({ ...g, stories: g.stories.slice(0, MAX_STORIES_PER_PERSON), more: Math.max(0, g.stories.length - MAX_STORIES_PER_PERSON) }));
}

/** The closing line of a person's list when stories were left out. */
export function moreStories(g: DigestGroup): string[] {
  return g.more > 0 ? [`…and ${plural(g.more, 'more story', 'more stories')}`] : [];
}

export function messageView(message: OutgoingMessage, zone?: string): MessageView {
  if (message.kind === 'alert') {
    return { kind: 'alert', test: message.payload.type === 'alert.test', story: storyView(message.payload.data) };
  }
  const { window, alerts } = message.payload.data;
  const start = new Date(window.start);
  const end = new Date(window.end);
  return {
    kind: 'digest',
    window: { start, end, label: windowLabel(start, end, zone) },
    storyCount: new Set(alerts.map((a) => a.article.url)).size,
    groups: groupByPerson(alerts),
  };
}

/** "Name — role", or the name alone. */
export function personLabel(p: PersonView): string {
  return p.role ? `${p.name} — ${p.role}` : p.name;
}

/** Cuts text to at most `max` UTF-16 units with an ellipsis, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/**
 * Joins blocks in order while the total stays within `max`; what does not fit
 * is counted into a closing line from `more(n)`, so a long digest is one
 * message that says how much it left out.
 */
export function fitBlocks(blocks: string[], max: number, more: (left: number) => string, sep = '\n'): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const add = (out.length > 0 ? sep.length : 0) + block.length;
    const left = blocks.length - i - 1;
    // Keep room for the "more" line unless this is the last block.
    const reserve = left > 0 ? sep.length + more(left + 1).length : 0;
    if (used + add + reserve > max) {
      out.push(more(blocks.length - i));
      return out.join(sep);
    }
    out.push(block);
    used += add;
  }
  return out.join(sep);
}

/** "@everyone" → "@\u2060everyone": still readable, but no chat service takes it for a mention. */
export function defuseMentions(text: string): string {
  return text.replace(/@/g, '@\u2060');
}

/** 1 story / 2 stories. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
