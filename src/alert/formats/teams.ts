import { clip, moreStories, personLabel, plural, type MessageView, type StoryView } from './view.js';

/**
 * A Microsoft Teams Workflows webhook message: `{ type: "message",
 * attachments: [ an Adaptive Card ] }`, as the "Send webhook alerts to a
 * channel" workflow expects. Article text goes only into RichTextBlock
 * TextRuns, which Teams renders without markdown, and Teams mentions need
 * explicit `msteams.entities` we never send: nothing in a story can format
 * the card or mention anyone. Teams refuses messages over about 28 KB, so the
 * whole body stays under TEAMS_MAX_BYTES.
 */
export const TEAMS_MAX_BYTES = 25_000;

interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  italic?: boolean;
  isSubtle?: boolean;
  size?: 'Medium' | 'Large';
  selectAction?: { type: 'Action.OpenUrl'; url: string };
}

type CardElement = { type: 'RichTextBlock'; inlines: TextRun[]; spacing?: 'Medium' | 'Small'; separator?: boolean };

export interface TeamsMessage {
  type: 'message';
  attachments: Array<{
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
      type: 'AdaptiveCard';
      version: '1.4';
      body: CardElement[];
      actions?: Array<{ type: 'Action.OpenUrl'; title: string; url: string }>;
      msteams: { width: 'Full' };
    };
  }>;
}

const SNIPPET_MAX = 700;

const run = (text: string, extra: Omit<TextRun, 'type' | 'text'> = {}): TextRun => ({ type: 'TextRun', text, ...extra });
const block = (inlines: TextRun[], extra: Omit<CardElement, 'type' | 'inlines'> = {}): CardElement => ({ type: 'RichTextBlock', inlines, ...extra });

function titleRun(s: StoryView, size?: 'Medium'): TextRun {
  return run(clip(s.title, 300), { weight: 'Bolder', ...(size && { size }), selectAction: { type: 'Action.OpenUrl', url: s.url } });
}

function card(body: CardElement[], actions?: Array<{ type: 'Action.OpenUrl'; title: string; url: string }>): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(actions && { actions }),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

const bytes = (m: unknown) => Buffer.byteLength(JSON.stringify(m));

export function renderTeams(view: MessageView): TeamsMessage {
  if (view.kind === 'alert') {
    const { story } = view;
    const body: CardElement[] = [];
    if (view.test) body.push(block([run('Test alert from newswatch (a sample story, not real news)', { weight: 'Bolder' })]));
    body.push(block([titleRun(story, 'Medium')]));
    if (story.feedName) body.push(block([run(story.feedName, { isSubtle: true })], { spacing: 'Small' }));
    for (const p of story.people.slice(0, 50)) body.push(block([run(clip(p.name, 200), { weight: 'Bolder' }), ...(p.role ? [run(` — ${clip(p.role, 200)}`)] : [])], { spacing: 'Small' }));
    if (story.snippet) body.push(block([run(clip(story.snippet, SNIPPET_MAX), { italic: true })], { spacing: 'Medium' }));
    return card(body, [{ type: 'Action.OpenUrl', title: 'Read the story', url: story.url }]);
  }
  const body: CardElement[] = [
    block([run(`newswatch digest: ${plural(view.storyCount, 'story', 'stories')}`, { weight: 'Bolder', size: 'Medium' })]),
    block([run(view.window.label, { isSubtle: true })], { spacing: 'Small' }),
  ];
  const message = card(body);
  for (let i = 0; i < view.groups.length; i++) {
    const g = view.groups[i]!;
    const section = [
      block([run(clip(personLabel(g.person), 300), { weight: 'Bolder' })], { separator: true, spacing: 'Medium' }),
      ...g.stories.map((s) => block([run('• '), titleRun(s), ...(s.feedName ? [run(` (${s.feedName})`, { isSubtle: true })] : [])], { spacing: 'Small' })),
      ...moreStories(g).map((line) => block([run(line, { isSubtle: true })], { spacing: 'Small' })),
    ];
    body.push(...section);
    if (bytes(message) > TEAMS_MAX_BYTES - 200) {
      body.splice(body.length - section.length, section.length);
      body.push(block([run(`…and ${plural(view.groups.length - i, 'more person', 'more people')}`, { isSubtle: true })]));
      break;
    }
  }
  return message;
}
