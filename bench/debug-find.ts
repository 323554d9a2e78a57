// Scratch: print the ancestor chain of the element holding a string.
import { loadDevPages } from './lib/corpus.js';
const [id, needle] = [process.argv[2]!, process.argv[3]!];
const page = loadDevPages().find((p) => p.id.startsWith(id))!;
let i = page.html.indexOf(needle);
while (i >= 0) { console.log('at', i, JSON.stringify(page.html.slice(Math.max(0, i - 1500), i + 100))); i = page.html.indexOf(needle, i + 1); break; }
