import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { httpRequest } from '../../src/http/client.js';
import { latinVariants } from '../../src/entities/variants.js';
import { draftEntity, renderEntityYaml } from '../../src/entities/watchlist-entry.js';
import {
  DEFAULT_LANGUAGES,
  DEFAULT_WIKIDATA_API,
  parseItemId,
  parseLanguages,
  parseWbGetEntities,
  wbGetEntitiesUrl,
} from '../../src/entities/wikidata.js';

export const ENTITIES_USAGE = `newswatch entities — build watchlist entries

Usage:
  newswatch entities import QID [--languages en,ar,fa,he,ru,tr] [--api URL]
      Reads a person's labels and aliases from Wikidata (wbgetentities) and prints
      a watchlist entry as YAML: name, every language's spellings as aliases (a
      comment per language), suggested short names and wikidata: QID. Nothing is
      written: review it and paste it under a watchlist's "entities:".
      --languages  languages to read, comma-separated (default ${DEFAULT_LANGUAGES.join(',')})
      --api        the MediaWiki API to ask (default ${DEFAULT_WIKIDATA_API}); a URL you
                   give may be on your own network or loopback (a mirror or a proxy)
  newswatch entities variants "NAME" ["NAME"…]
      Prints common Latin spellings of an Arabic-origin name (al-/el-, doubled
      letters, -a/-ah, Mohammed/Muhammad…) as YAML list items to pick from.

Examples:
  newswatch entities import Q123456 --languages en,ar,he
  newswatch entities variants "Khalil al-Hayya"`;

const TIMEOUT_MS = 15_000;
const MAX_BYTES = 5_000_000;

export interface EntitiesOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultOutput: EntitiesOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** `newswatch entities …`; returns the exit code. Errors other than usage ones are thrown, with an "entities:" message. */
export async function runEntitiesCommand(args: string[], out: EntitiesOutput = defaultOutput): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    out.stdout(`${ENTITIES_USAGE}\n`);
    return sub === undefined ? 1 : 0;
  }
  switch (sub) {
    case 'import':
      return importEntity(rest, out);
    case 'variants':
      return printVariants(rest, out);
    default:
      out.stderr(`newswatch: entities: unknown subcommand "${sub}"\n\n${ENTITIES_USAGE}\n`);
      return 1;
  }
}

async function importEntity(args: string[], out: EntitiesOutput): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { languages: { type: 'string' }, api: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    out.stderr(`newswatch: entities import needs one Wikidata item id, like Q42\n\n${ENTITIES_USAGE}\n`);
    return 1;
  }
  const id = parseItemId(positionals[0]!);
  const languages = values.languages === undefined ? DEFAULT_LANGUAGES : parseLanguages(values.languages);
  const api = values.api ?? DEFAULT_WIKIDATA_API;
  if (!URL.canParse(api) || !/^https?:$/.test(new URL(api).protocol)) {
    throw new Error(`entities: --api must be an http:// or https:// URL`);
  }
  // The public API is reached like any feed (no private addresses); an --api the
  // user names explicitly is trusted to be where they want, loopback included.
  const res = await httpRequest(wbGetEntitiesUrl(api, id, languages), {
    timeoutMs: TIMEOUT_MS,
    maxBytes: MAX_BYTES,
    allowPrivateNetworks: values.api !== undefined,
    accept: 'application/json',
  }).catch((err: unknown) => {
    // The user typed (or defaulted to) this API: say which one could not be reached.
    throw new Error(`entities: could not reach the Wikidata API at ${new URL(api).origin}: ${(err as Error).message}`);
  });
  if (res.status < 200 || res.status >= 300) throw new Error(`entities: HTTP ${res.status} from the Wikidata API`);
  const person = parseWbGetEntities(res.body.toString('utf8'), id, languages);
  out.stdout(renderEntityYaml(draftEntity(person, languages), languages));
  return 0;
}

function printVariants(names: string[], out: EntitiesOutput): number {
  const given = names.map((n) => n.trim()).filter((n) => n !== '');
  if (given.length === 0) {
    out.stderr(`newswatch: entities variants needs a name, like "Khalil al-Hayya"\n\n${ENTITIES_USAGE}\n`);
    return 1;
  }
  for (const name of given) {
    const variants = latinVariants(name);
    out.stdout(`# ${name}: ${variants.length} other spellings; copy the ones the press uses into aliases\n`);
    if (variants.length > 0) out.stdout(stringify(variants));
  }
  return 0;
}
