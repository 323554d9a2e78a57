import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/extract/index.js';

const URL = 'https://news.example.com/2025/01/story';
const prose = (n: number, topic = 'the council'): string =>
  Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1} about ${topic}, which officials discussed at length on Monday, explaining the plan in detail to residents.</p>`).join('\n');

describe('extractArticle: text', () => {
  it('keeps names whole across inline markup and adds no spaces inside words', () => {
    const html = `<article><p><b>Steve</b> Witkoff met <a href="/p">Khalil</a> al-<i>Hayya</i> in Doha, officials said, after weeks of quiet preparation by both sides.</p>${prose(3)}</article>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Steve Witkoff met Khalil al-Hayya in Doha');
  });

  it('separates block elements into paragraphs', () => {
    const html = `<article><p>First paragraph, long enough to count as a paragraph of the story.</p><p>Second paragraph, also long enough to count as a paragraph here.</p><div>Third block, a div with text of its own, as long as the others.</div>${prose(2)}</article>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('of the story.\n\nSecond paragraph');
    expect(a.text).toContain('paragraph here.\n\nThird block');
  });

  it('keeps headings, list items and block quotes as their own lines', () => {
    const html = `<article>${prose(2)}<h2>What happens next</h2><ul><li>First item of the list</li><li>Second item of the list</li></ul><blockquote><p>We will meet again next week, whatever happens, said the minister.</p></blockquote>${prose(2)}</article>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('\n\nWhat happens next\n\n');
    expect(a.text).toContain('First item of the list\nSecond item of the list');
    expect(a.text).toContain('We will meet again next week');
  });

  it('drops nav, related links and comments around the story', () => {
    const html = `<body><nav><a href="/">Home</a><a href="/w">World news section</a></nav>
      <div class="main">${prose(4)}</div>
      <div class="related-stories"><a href="/1">Related story one about something</a><a href="/2">Related story two</a></div>
      <div id="comments"><p>I think this is wrong, and the council should resign, all of them, right now today.</p></div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Paragraph 4 about the council');
    expect(a.text).not.toMatch(/World news section|Related story|should resign/);
  });

  it('cuts a box titled as boilerplate whole, teaser sentences and all', () => {
    const teaser = (n: number): string => `<p>Teaser ${n}: the mayor's other plan, explained in one long sentence of its own. <a href="/${n}">Read</a></p>`;
    const html = `<body><div class="story">${prose(4)}<div class="box"><h3>More from the council</h3>${teaser(1)}${teaser(2)}</div>
      <h2>Sign up for our newsletter</h2><p>Every morning, the day's news from the town hall in your inbox, free of charge.</p></div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Paragraph 4 about the council');
    expect(a.text).not.toMatch(/More from|Teaser|newsletter|inbox/);
  });

  it('cuts a run of teaser cards (title, sentence, link) made from one template', () => {
    const card = (n: number): string => `<div class="entry"><h2>Other story ${n}: the mayor and the bridge</h2><a href="/${n}">Link to the article</a></div>`;
    const html = `<body><div class="story">${prose(4)}<div class="more">${card(1)}${card(2)}${card(3)}</div></div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Paragraph 4 about the council');
    expect(a.text).not.toMatch(/Other story|Link to the article/);
  });

  it('keeps inline markup inside a sentence whatever its class says', () => {
    const html = `<body><div class="story"><p><span class="dateline">KOBE – </span>A total of 6,000 surgical masks have been lost at a hospital in Kobe, it was learned Tuesday.</p>${prose(3)}</div></body>`;
    expect(extractArticle(html, URL).text).toContain('KOBE – A total of 6,000 surgical masks');
  });

  it('counts a box of text beside an empty block (an icon, a blank title) as a paragraph', () => {
    const entry = (n: number): string => `<div class="entry"><div class="entry-title"><span></span></div>Minute ${n}: the home side pressed high again, and the visitors, tired, could not get out of their half.</div>`;
    const html = `<body><div class="live">${[1, 2, 3, 4, 5].map(entry).join('')}</div></body>`;
    expect(extractArticle(html, URL).text).toContain('Minute 5: the home side pressed high again');
  });

  it('cuts an excerpt of another post ending in "[…]", with its title, but keeps a quotation\'s elision', () => {
    const html = `<body><div class="story">${prose(3)}<blockquote><p>We will meet again, whatever happens, and talk until there is a deal […]</p></blockquote>${prose(1, 'the mayor')}
      <h3>Summer sale: the week's top deals</h3><p>Be quick: the hottest bargains of the season are still there, and with a little luck you can still get them […]</p></div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('talk until there is a deal […]');
    expect(a.text).not.toMatch(/Summer sale|hottest bargains/);
  });

  it('drops PHP error lines the server printed into the page', () => {
    const html = `<body><div class="story">${prose(3)}<p>Warning: Creating default object from empty value in /www/htdocs/wp-includes/classes.php on line 407<br>Deprecated: preg_replace(): The /e modifier is deprecated in /www/htdocs/wp-includes/formatting.php on line 82</p></div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Paragraph 3 about the council');
    expect(a.text).not.toMatch(/Warning|Deprecated/);
  });

  it('drops section labels above the story, before its first heading', () => {
    const html = `<body><div class="story"><p>Politik</p><p>8 minutes read</p><h2>The plan in detail</h2>${prose(4)}</div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text.startsWith('The plan in detail')).toBe(true);
    const section = extractArticle(`<body><div class="story"><h1>Press releases</h1><h1>Northern championships decided</h1>${prose(4)}</div></body>`, URL);
    expect(section.text.startsWith('Northern championships decided')).toBe(true);
    const noHeading = extractArticle(`<body><div class="story"><p>Short first line</p>${prose(4)}</div></body>`, URL);
    expect(noHeading.text.startsWith('Short first line')).toBe(true);
  });

  it('drops the headline from the body', () => {
    const html = `<html><head><meta property="og:title" content="Mayor resigns over budget"></head><body><article><h1>Mayor resigns over budget</h1>${prose(3)}</article></body></html>`;
    const a = extractArticle(html, URL);
    expect(a.title).toBe('Mayor resigns over budget');
    expect(a.text).not.toContain('Mayor resigns');
    expect(a.text.startsWith('Paragraph 1')).toBe(true);
  });

  it('never takes script content as the article', () => {
    const fake = 'Steve Witkoff said in a long statement that this text is in a script, not in the page.';
    const html = `<body><script>var article = "${fake} ${fake} ${fake}";</script><div id="app"></div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toBe('');
    expect(a.textSource).toBe('none');
  });
});

describe('extractArticle: metadata', () => {
  it('trusts JSON-LD over OpenGraph over <meta> over <title>', () => {
    const html = `<html lang="en"><head><title>Title tag | Site</title>
      <meta property="og:title" content="OG title"><meta name="author" content="Meta Author">
      <meta property="article:published_time" content="2020-01-01T00:00:00Z">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"LD headline","datePublished":"2021-05-06T07:08:09Z","author":{"@type":"Person","name":"LD Author"}}</script>
      </head><body><article>${prose(3)}</article></body></html>`;
    const a = extractArticle(html, URL);
    expect(a).toMatchObject({ title: 'LD headline', author: 'LD Author', publishedAt: '2021-05-06T07:08:09.000Z', language: 'en' });
  });

  it('falls back to OpenGraph and meta, then to a cleaned <title>', () => {
    const og = extractArticle(`<head><title>Title tag | Site</title><meta property="og:title" content="OG title"><meta name="author" content="By Meta Author"><meta property="og:locale" content="pt_BR"></head><body>${prose(3)}</body>`, URL);
    expect(og).toMatchObject({ title: 'OG title', author: 'Meta Author', language: 'pt-BR' });
    const tag = extractArticle(`<head><title>Storm closes schools across the region | Site</title></head><body>${prose(3)}</body>`, URL);
    expect(tag.title).toBe('Storm closes schools across the region');
  });

  it('reads the canonical URL, made absolute, else og:url, else the page URL', () => {
    expect(extractArticle('<link rel="canonical" href="/a/b">', URL).url).toBe('https://news.example.com/a/b');
    expect(extractArticle('<meta property="og:url" content="https://x.example/c">', URL).url).toBe('https://x.example/c');
    expect(extractArticle('<p>nothing</p>', URL).url).toBe(URL);
  });

  it('reads <time datetime> when nothing better is there', () => {
    const a = extractArticle(`<body><article><time datetime="2019-11-18T10:00:00Z">Nov 18</time>${prose(3)}</article></body>`, URL);
    expect(a.publishedAt).toBe('2019-11-18T10:00:00.000Z');
  });
});

describe('extractArticle: feed fallback', () => {
  const feedItem = { title: 'Feed title', contentText: 'The feed carries the full story text here. '.repeat(10).trim(), author: 'Feed Author' };

  it('uses the feed item text when the page gives too little', () => {
    const a = extractArticle('<body><p>Subscribe to read.</p></body>', URL, { feedItem });
    expect(a.textSource).toBe('feed');
    expect(a.text).toBe(feedItem.contentText);
    expect(a.title).toBe('Feed title');
    expect(a.author).toBe('Feed Author');
  });

  it('keeps the page text when it is long enough', () => {
    const a = extractArticle(`<body><article>${prose(4)}</article></body>`, URL, { feedItem });
    expect(a.textSource).toBe('article-markup');
    expect(a.text).toContain('Paragraph 4');
  });

  it('honours minTextLength, and takes the feed text only when it is longer', () => {
    const longFeed = { contentText: 'The feed carries the full story text here. '.repeat(40).trim() };
    const page = `<body><article>${prose(4)}</article></body>`;
    expect(extractArticle(page, URL, { feedItem: longFeed, minTextLength: 5000 }).textSource).toBe('feed');
    expect(extractArticle(page, URL, { feedItem, minTextLength: 5000 }).textSource).toBe('article-markup');
  });
});

describe('extractArticle: hostile input finishes quickly', () => {
  const timed = (html: string): { ms: number; text: string } => {
    const t = performance.now();
    const a = extractArticle(html, URL);
    return { ms: performance.now() - t, text: a.text };
  };

  it('handles an empty page', () => {
    const a = extractArticle('', URL);
    expect(a).toMatchObject({ url: URL, text: '', textSource: 'none' });
  });

  it('handles 100,000 levels of nesting', () => {
    const r = timed('<div>'.repeat(100_000) + 'deep text' + '</div>'.repeat(100_000));
    expect(r.ms).toBeLessThan(5000);
  });

  it('handles 100,000 nested inline elements', () => {
    const r = timed('<span><b>'.repeat(50_000) + 'deep text');
    expect(r.ms).toBeLessThan(5000);
  });

  it('handles a 20 MB page', () => {
    const html = `<html><body><article>${'<p>Some words of text here, and then some more, to fill the page.</p>\n'.repeat(300_000)}</article></body></html>`;
    expect(html.length).toBeGreaterThan(20_000_000);
    const r = timed(html);
    expect(r.ms).toBeLessThan(8000);
    expect(r.text.length).toBeGreaterThan(1000);
  });

  it('handles megabytes of entities with no tag among them, in text and in an attribute it reads', () => {
    // The tokenizer's skips stop at every `&`; a search for the next `<` (or quote) afresh at each stop was quadratic here.
    const entities = 'a&amp;'.repeat(700_000);
    const text = timed(`<html><body><article><p>${entities}</p></article></body></html>`);
    expect(text.ms).toBeLessThan(5000);
    expect(text.text.length).toBeGreaterThan(1_000_000);
    expect(timed(`<html><body><article class="${entities}"><p>${prose(3)}</p></article></body></html>`).ms).toBeLessThan(5000);
  });

  it('handles 100,000 siblings of a headline and 100,000 linked-title teasers', () => {
    const siblings = `<body><div><h1>Headline</h1>${'<p class="caption">A caption-like paragraph of prose that is long enough to be a standfirst candidate here.</p>'.repeat(100_000)}</div></body>`;
    expect(timed(siblings).ms).toBeLessThan(5000);
    const stream = `<body><article>${prose(4)}<ul>${'<li><h3><a href="/x">Other story</a></h3><p>Its summary.</p></li>'.repeat(100_000)}</ul></article></body>`;
    const r = timed(stream);
    expect(r.ms).toBeLessThan(5000);
    expect(r.text).not.toContain('Other story');
  });

  it('handles binary garbage', () => {
    let seed = 7;
    const bytes = Buffer.alloc(1_000_000);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = seed & 0xff;
    }
    const r = timed(bytes.toString('latin1'));
    expect(r.ms).toBeLessThan(5000);
    expect(r.text).not.toContain('\u0000');
  });

  it('keeps NUL characters out of the text and metadata', () => {
    const html = `<head><title>Storm\u0000 closes schools</title><meta name="author" content="Ann\u0000 Writer"></head><body><article><pre>Pre\u0000 text</pre>${prose(3, 'the\u0000 council')}</article></body>`;
    const a = extractArticle(html, URL);
    expect(JSON.stringify(a)).not.toContain('\\u0000');
    expect(a).toMatchObject({ title: 'Storm closes schools', author: 'Ann Writer' });
    expect(a.text).toContain('Pre text');
    expect(a.text).toContain('Paragraph 3 about the council');
  });

  it('handles unbounded nesting htmlparser2 never closes implicitly', () => {
    const r = timed('<colgroup>'.repeat(100_000) + 'deep text' + '</p>'.repeat(100_000));
    expect(r.ms).toBeLessThan(5000);
  });
});

describe('extractArticle: document shape (htmlparser2 implies no <html>, <head> or <body>)', () => {
  it('reads a story that follows an unclosed <head>', () => {
    const a = extractArticle(`<html><head><title>Storm closes schools</title><div>${prose(4)}</div></html>`, URL);
    expect(a.textSource).toBe('scored');
    expect(a.text).toContain('Paragraph 4 about the council');
  });

  it('reads content after an early </body></html>', () => {
    const a = extractArticle(`<html><body><div class="story">${prose(2)}</body></html>${prose(2, 'the mayor')}</div>`, URL);
    expect(a.text).toContain('Paragraph 2 about the council');
    expect(a.text).toContain('Paragraph 2 about the mayor');
  });

  it('scores a fragment of bare paragraphs', () => {
    const a = extractArticle(prose(4), URL);
    expect(a.textSource).toBe('scored');
    expect(a.text.startsWith('Paragraph 1 about the council')).toBe(true);
  });

  it('ignores <noscript> in <head>, as a browser running scripts does', () => {
    const a = extractArticle(`<html><head><noscript><meta name="author" content="Noscript Person"></noscript></head><body>${prose(3)}</body></html>`, URL);
    expect(a.author).toBeUndefined();
  });
});

describe('seed story', () => {
  it('extracts the Witkoff / al-Hayya story in full', () => {
    const html = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seed', 'witkoff-al-hayya.html'), 'utf8');
    const a = extractArticle(html, 'https://news.example.com/world/2026/11/witkoff-al-hayya-meeting');
    expect(a.title).toBe('Witkoff set to meet Hamas negotiator Khalil al-Hayya');
    expect(a.publishedAt).toBe('2026-11-25T18:30:00.000Z');
    expect(a.text.startsWith('Steve Witkoff, President Donald Trump’s Middle East peace envoy')).toBe(true);
    expect(a.text).toContain('Khalil al-Hayya');
    expect(a.text).toContain('Jared Kushner');
    expect(a.text).not.toMatch(/Home\s+World\s+Politics/);
  });
});

describe('extractArticle: a closing box that points elsewhere', () => {
  it('cuts a box after the story whose words end in a link, with its heading', () => {
    const html = `<article>${prose(4)}<div class="article-subvert"><h2>Never miss a date</h2>This free calendar lists every deadline of the year for you. <a href="/cal">Get the calendar now!</a></div></article>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Paragraph 4 about the council');
    expect(a.text).not.toMatch(/Never miss a date|free calendar|Get the calendar/);
  });

  it("keeps the story's own last paragraph when it ends in a link", () => {
    const html = `<article>${prose(4)}<p>Applications go to the office by 1 February, by e-mail to <a href="mailto:jobs@example.org">jobs@example.org</a>.</p></article>`;
    expect(extractArticle(html, URL).text).toContain('by e-mail to jobs@example.org.');
  });

  it('keeps an embedded post that ends in its author link', () => {
    const html = `<article>${prose(4)}<blockquote class="twitter-tweet"><p>The deal is done, we start work on Monday.</p>— Mayor Jane Smith of Springfield (@mayor) <a href="/status/1">November 4, 2019</a></blockquote></article>`;
    expect(extractArticle(html, URL).text).toContain('Springfield (@mayor) November 4, 2019');
  });
});

describe('extractArticle: a story split into sections of one template', () => {
  // Paragraphs four levels below each section: too deep for the sections themselves to score.
  const section = (topic: string, paragraphs = 3): string => `<div class="story-section"><section><div><div><div>${prose(paragraphs, topic)}</div></div></div></section></div>`;

  it('takes every section of the template, past a figure between them', () => {
    const html = `<body><div id="post">${section('the harbour', 6)}<figure><img src="a.jpg"><figcaption>The harbour at dawn.</figcaption></figure>${section('the budget', 2)}${section('the election', 2)}</div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('about the harbour');
    expect(a.text).toContain('about the budget');
    expect(a.text).toContain('about the election');
  });

  it('leaves out a sibling of the same template that is a link list or a label', () => {
    const links = `<div class="story-section"><ul>${Array.from({ length: 4 }, (_, i) => `<li><a href="/s/${i}">Another story number ${i} about the region and its people</a></li>`).join('')}</ul></div>`;
    const label = `<div class="story-section"><p>Print this page</p></div>`;
    const html = `<body><div id="post">${section('the harbour')}${section('the budget')}${links}${label}</div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('about the budget');
    expect(a.text).not.toMatch(/Another story number|Print this page/);
  });
});

describe('extractArticle: the headline subtitle', () => {
  it('keeps prose straight under the headline whose only furniture mark is a class word', () => {
    const html = `<body><div class="hero"><h1>Council approves the harbour plan</h1><h2 class="text-lg caption-s5">Mayor Jane Smith won the vote on Monday after a year of debate, and the work on the new quays starts in spring.</h2></div><div class="main">${prose(4)}</div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Mayor Jane Smith won the vote on Monday');
    expect(a.text).toContain('Paragraph 4 about the council');
  });

  it('still leaves out a byline or caption box there that is not prose', () => {
    const html = `<body><div class="hero"><h1>Council approves the harbour plan</h1><div class="byline">By Jane Smith and John Doe</div></div><div class="main">${prose(4)}</div></body>`;
    expect(extractArticle(html, URL).text).not.toContain('Jane Smith');
  });
});

describe('extractArticle: a stream of teasers with linked titles', () => {
  const teaser = (n: number): string =>
    `<li class="stream-item"><div><h3><a href="/other/${n}">Other story number ${n} about the region</a></h3><p>A summary of other story number ${n}, long enough that the links are a small share of the list, with details on who said what and when.</p></div></li>`;

  it('cuts the stream, even when it is longer than the story beside it', () => {
    const html = `<body><div class="page"><section class="story">${prose(3)}</section><div class="stream"><ul>${Array.from({ length: 8 }, (_, n) => teaser(n)).join('')}</ul></div></div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Paragraph 3 about the council');
    expect(a.text).not.toMatch(/Other story number|A summary of other story/);
  });

  it('keeps sections whose headings do not link away, and long items that only start with a link', () => {
    const item = (n: number): string => `<div class="item"><h2><a href="/shop/${n}">Product ${n}</a></h2>${prose(4, `product ${n}`)}</div>`;
    const html = `<body><article><div class="items">${Array.from({ length: 3 }, (_, n) => item(n)).join('')}</div></article></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Paragraph 4 about product 2');
  });
});

describe('extractArticle: footers named after their entry', () => {
  it('leaves out a footer whose class names the entry it closes ("entry-footer", "entry-utility")', () => {
    for (const cls of ['entry-footer', 'entry-utility', 'post_footer']) {
      const html = `<body><article class="post hentry"><div class="entry-content">${prose(3)}</div><div class="${cls}">This entry was posted in Politics and tagged Europe, elections. Bookmark the permalink.</div></article></body>`;
      const a = extractArticle(html, URL);
      expect(a.text, cls).toContain('Paragraph 3 about the council');
      expect(a.text, cls).not.toContain('This entry was posted in');
    }
  });

  it('leaves out an element with id "footer" even when a grid class on it says "column"', () => {
    const html = `<body><div class="container"><div class="column span-10">${prose(3)}</div><div class="column span-14" id="footer"><p>Did you know? Many people in Spain suffer from eczema, the site's sponsor reminds you.</p></div></div></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('Paragraph 3 about the council');
    expect(a.text).not.toContain('Did you know?');
  });

  it('keeps a box whose name only contains the letters of footer ("footerless-story")', () => {
    const html = `<body><div class="footerless-story">${prose(3)}</div></body>`;
    expect(extractArticle(html, URL).text).toContain('Paragraph 3 about the council');
  });
});

describe('extractArticle: line rules on each line of a block', () => {
  it('drops a date line set under another line with <br>, and keeps the other line', () => {
    const html = `<body><article>${prose(2)}<p>By Jane Smith, staff writer<br><span>Updated: 04.02.2022, 08:27</span></p>${prose(2)}</article></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('By Jane Smith, staff writer');
    expect(a.text).not.toContain('04.02.2022');
  });

  it('leaves a date between other lines alone: a schedule, not a date line', () => {
    const html = `<body><article>${prose(2)}<ul><li><strong>Next meeting<br></strong>5 December 2019 at the town hall<br>1 pm: the budget<br>3 pm: the board</li></ul>${prose(2)}</article></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).toContain('5 December 2019 at the town hall');
  });

  it('still drops a whole block that is furniture as a whole, and leaves <pre> lines alone', () => {
    const html = `<body><article>${prose(2)}<p>Agency<br>12 May 2022</p><pre>run it\nLoading...\ndone</pre>${prose(2)}</article></body>`;
    const a = extractArticle(html, URL);
    expect(a.text).not.toContain('Agency');
    expect(a.text).toContain('run it\nLoading...\ndone');
  });
});

describe('extractArticle: a closing line that ends in a web address', () => {
  it('cuts the story\'s short last line when it ends in a web address, linked or not', () => {
    for (const last of ['More details at www.example.org.', 'Permalink: https://news.example.com/2025/01/story', 'Further information: <a href="https://example.org/x">example.org/x</a>']) {
      const html = `<body><article>${prose(3)}<p>${last}</p></article></body>`;
      const a = extractArticle(html, URL);
      expect(a.text, last).toContain('Paragraph 3 about the council');
      expect(a.text, last).not.toMatch(/More details|Permalink|Further information/);
    }
  });

  it('keeps a web address inside the story, an e-mail address, a long closing sentence and a quoted post', () => {
    const html = `<body><article><p>Details are at www.example.org.</p>${prose(3)}<p>Questions about the plan go to the council press office at press@example.org</p></article></body>`;
    expect(extractArticle(html, URL).text).toContain('Details are at www.example.org.');
    expect(extractArticle(html, URL).text).toContain('the council press office at press@example.org');
    const long = `<body><article>${prose(3)}<p>The council will publish the full plan, with the budget, the timetable, the objections raised by residents and the minutes of every meeting held so far, on its website at www.example.org.</p></article></body>`;
    expect(extractArticle(long, URL).text).toContain('on its website at www.example.org.');
    const quoted = `<body><article>${prose(3)}<blockquote><p>Our plan in one picture pic.twitter.com/abc123</p></blockquote></article></body>`;
    expect(extractArticle(quoted, URL).text).toContain('Our plan in one picture pic.twitter.com/abc123');
  });
});
