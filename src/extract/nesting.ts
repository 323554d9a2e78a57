/**
 * Nesting cap for htmlparser2: a lexical pass that mirrors htmlparser2's own
 * tokenizer and open-element stack (implied end tags, void elements, raw-text
 * elements, self-closing tags in SVG/MathML), so the stack the parser builds
 * from the output never grows past the cap. htmlparser2 is quadratic in
 * nesting depth (Array#unshift / #indexOf on its stack): 100,000 nested
 * <div>s take ~5 s, 200,000 unmatched <colgroup>s ~2 min.
 *
 * Open tags past the cap are removed (their text stays), and so are the end
 * tags that would close them. The tables below copy htmlparser2 10's Parser.
 */

const P = ['p'];
const FORM = ['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'];
const DDT = ['dd', 'dt'];
const RTP = ['rt', 'rp'];
const SECTIONS = ['thead', 'tbody'];
/** Open tag name → open elements it closes while they are the current node. */
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', ['tr', 'th', 'td']], ['th', ['th']], ['td', ['thead', 'th', 'td']], ['body', ['head', 'link', 'script']],
  ['li', ['li']], ['option', ['option']], ['optgroup', ['optgroup', 'option']], ['dd', DDT], ['dt', DDT],
  ['rt', RTP], ['rp', RTP], ['tbody', SECTIONS], ['tfoot', SECTIONS],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((n): [string, string[]] => [n, FORM]),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset',
    'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map((n): [string, string[]] => [n, P]),
].map(([k, v]) => [k as string, new Set(v as string[])]));
const VOID = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen',
  'link', 'meta', 'param', 'source', 'track', 'wbr',
]);
const FOREIGN = new Set(['svg', 'math']);
const INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);
/** Raw-text elements of htmlparser2's tokenizer, with the end tag that ends them. */
const RAW_END = new Map(['script', 'style', 'title', 'textarea', 'xmp'].map((n) => [n, new RegExp(`</${n}[ \\n\\t\\f\\r>]`, 'gi')]));

/** What htmlparser2 does specially for a tag name; one lookup per tag. */
interface TagKind {
  implies?: Set<string>;
  isVoid?: boolean;
  /** Pushes a foreign-content flag: true for svg/math, false for HTML integration points. */
  foreign?: boolean;
  rawEnd?: RegExp;
}
const KIND = new Map<string, TagKind>();
const kindOf = (name: string): TagKind => KIND.get(name) ?? (KIND.set(name, {}), KIND.get(name)!);
for (const [name, implies] of IMPLIES_CLOSE) kindOf(name).implies = implies;
for (const name of VOID) kindOf(name).isVoid = true;
for (const name of FOREIGN) kindOf(name).foreign = true;
for (const name of INTEGRATION) kindOf(name).foreign = false;
for (const [name, rawEnd] of RAW_END) kindOf(name).rawEnd = rawEnd;

const isAlpha = (c: number): boolean => (c | 0x20) >= 97 && (c | 0x20) <= 122;

// An open tag as htmlparser2's tokenizer reads it: the name runs to
// whitespace, "/" or ">"; quotes count only right after "=" (else they are
// part of a name), and an unclosed one runs to the end of the input; an
// unquoted value runs to whitespace or ">", so a "/" in it does not
// self-close the tag. Runs are matched atomically ((?=(x+))\N) so that a tag
// the input ends inside fails in linear time, without backtracking.
const WS = '\\t\\n\\f\\r ';
const OPEN_TAG = new RegExp(
  `<([a-zA-Z][^${WS}/>]*)(?:(?=([^=>/]+))\\2|/(?![${WS}]*>)|=[${WS}]*(?:"[^"]*"|'[^']*'|(?!["'])(?=([^${WS}>]*))\\3))*(/[${WS}]*)?>`,
  'y',
);
// An end tag: "</", optional whitespace, the name up to ">" or whitespace, anything up to ">".
const END_TAG = new RegExp(`</[${WS}]*([a-zA-Z][^${WS}>]*)[^>]*>?`, 'y');

/** End of a `<!...>`, `<?...>` or `</...>` construct starting at `lt` (-1: runs to the end). */
function skipMarkup(html: string, lt: number): number {
  const c = html.charCodeAt(lt + 1);
  if (c === 33 && html.startsWith('--', lt + 2)) {
    const e = html.indexOf('-->', lt + 2);
    return e < 0 ? -1 : e + 3;
  }
  if (c === 33 && html.startsWith('[CDATA[', lt + 2)) {
    const e = html.indexOf(']]>', lt + 9);
    return e < 0 ? -1 : e + 3;
  }
  const e = html.indexOf('>', lt + 1);
  return e < 0 ? -1 : e + 1;
}

/** Returns `html` with tags past `maxDepth` removed; the same string when none are. */
export function capNestingHtmlparser2(html: string, maxDepth: number): string {
  const kept: string[] = []; // the parser's open elements (innermost last)
  const foreign: boolean[] = [false]; // the parser's foreign-content flags (innermost last)
  const dropped: string[] = []; // removed open elements, below the innermost kept one
  const droppedCount = new Map<string, number>();
  const out: string[] = [];
  let last = 0;
  const remove = (from: number, to: number): void => {
    out.push(html.slice(last, from));
    last = to;
  };
  const popDropped = (): void => {
    const name = dropped.pop()!;
    droppedCount.set(name, droppedCount.get(name)! - 1);
  };
  const clearDropped = (): void => {
    dropped.length = 0;
    droppedCount.clear();
  };

  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const c = html.charCodeAt(lt + 1);
    if (isAlpha(c)) {
      OPEN_TAG.lastIndex = lt;
      const m = OPEN_TAG.exec(html);
      if (m === null) break; // the input ends inside the tag
      const name = m[1]!.toLowerCase();
      const selfClosing = m[4] !== undefined;
      i = OPEN_TAG.lastIndex;
      const kind = KIND.get(name);
      if (kind?.rawEnd !== undefined && !selfClosing) {
        // Kept whatever the depth (its content is text only to the tokenizer);
        // the parser pops it again at its end tag.
        const implied = kind.implies;
        if (implied !== undefined) while (dropped.length === 0 && kept.length > 0 && implied.has(kept[kept.length - 1]!)) kept.pop();
        kind.rawEnd.lastIndex = i;
        const end = kind.rawEnd.exec(html);
        if (end === null) break;
        const e = html.indexOf('>', end.index + 2);
        if (e < 0) break;
        i = e + 1;
        continue;
      }
      const implied = kind?.implies;
      if (implied !== undefined) {
        for (;;) {
          if (dropped.length > 0 && implied.has(dropped[dropped.length - 1]!)) popDropped();
          else if (dropped.length === 0 && kept.length > 0 && implied.has(kept[kept.length - 1]!)) kept.pop();
          else break;
        }
      }
      if (kind?.isVoid) continue;
      if (dropped.length === 0 && kept.length < maxDepth) {
        // As htmlparser2: the tag's own foreign flag decides whether its "/>" closes it.
        if (kind?.foreign !== undefined) foreign.push(kind.foreign);
        if (!(selfClosing && foreign[foreign.length - 1])) kept.push(name);
        continue;
      }
      remove(lt, i);
      dropped.push(name);
      droppedCount.set(name, (droppedCount.get(name) ?? 0) + 1);
      continue;
    }
    if (c === 47) {
      END_TAG.lastIndex = lt;
      const m = END_TAG.exec(html);
      if (m === null) {
        const e = skipMarkup(html, lt);
        if (e < 0) break;
        i = e;
        continue;
      }
      const name = m[1]!.toLowerCase();
      const end = END_TAG.lastIndex;
      i = end;
      if (dropped.length > 0 && (droppedCount.get(name) ?? 0) > 0) {
        remove(lt, end);
        while (dropped[dropped.length - 1] !== name) popDropped();
        popDropped();
        continue;
      }
      const kind = KIND.get(name);
      if (kind?.foreign !== undefined && foreign.length > 0) foreign.pop();
      if (kind?.isVoid) continue;
      const pos = kept.lastIndexOf(name);
      if (pos >= 0) {
        while (kept.length > pos) kept.pop();
        if (dropped.length > 0) clearDropped();
      }
      continue;
    }
    if (c === 33 || c === 63) {
      const e = skipMarkup(html, lt);
      if (e < 0) break;
      i = e;
      continue;
    }
    i = lt + 1;
  }
  if (out.length === 0) return html;
  out.push(html.slice(last));
  return out.join('');
}
