/** Checks a `links` CSS selector once, at config time, with the engine that will run it (cheerio's css-select). */
import { load } from 'cheerio';

const probe = load('<a href="/"></a>');

/** Why the selector cannot be used, or undefined when it can. */
export function selectorError(selector: string): string | undefined {
  try {
    probe(selector);
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}
