/** What one page's extraction missed and what it kept extra, for bench:extract --diff. */
import { shingles } from './shingle-metric.js';

/** Against a full ground truth: lines mostly missing from the other text. */
export function printDiff(truth: string, predicted: string): void {
  const t = shingles(truth);
  const p = shingles(predicted);
  const lines = (text: string, other: Map<string, number>): string[] =>
    text.split(/\n+/).filter((l) => {
      const sh = [...shingles(l).keys()];
      return sh.length > 0 && sh.filter((k) => other.has(k)).length / sh.length < 0.5;
    });
  console.log('--- missing (in truth, not extracted):');
  for (const l of lines(truth, p)) console.log('  - ' + l.slice(0, 200));
  console.log('--- extra (extracted, not in truth):');
  for (const l of lines(predicted, t)) console.log('  + ' + l.slice(0, 200));
}

/** Against passages: which `with` were missed, which `without` were kept; optionally the whole text. */
export function printPassageDiff(text: string, withPassages: string[], withoutPassages: string[], showText: boolean): void {
  const collapsed = text.replace(/\s+/g, ' ');
  const has = (p: string): boolean => collapsed.includes(p.replace(/\s+/g, ' ').trim());
  console.log('--- with:');
  for (const p of withPassages) console.log(`  ${has(p) ? 'ok  ' : 'MISS'} ${p.slice(0, 160)}`);
  console.log('--- without:');
  for (const p of withoutPassages) console.log(`  ${has(p) ? 'KEPT' : 'ok  '} ${p.slice(0, 160)}`);
  if (showText) console.log('--- text:\n' + text);
}
