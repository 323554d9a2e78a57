import { describe, expect, it } from 'vitest';
import { toPlainText } from '../../src/alert/plain-text.js';

describe('toPlainText', () => {
  it.each([
    ['plain text stays', 'Witkoff met al-Hayya.', 'Witkoff met al-Hayya.'],
    ['tags go, their text stays', 'He <b>said</b> <a href="x">this</a>.', 'He said this .'],
    ['script and style contents go', 'a<script type="x">alert(1)</script>b<style>p{}</style>c', 'a b c'],
    ['comments go', 'a<!-- hidden -->b', 'a b'],
    ['an unterminated trailing tag goes', 'the envoy said <img src=x onerror=', 'the envoy said'],
    ['a bare < or > is text', '3 < 5 and 7 > 2', '3 < 5 and 7 > 2'],
    ['controls and zero-width/bidi characters go', 'a\u0000b\u0007c\u200bd\u202ee\u0085f', 'a b c d e f'],
    ['whitespace collapses to one line', '  one\n\ntwo\tthree  ', 'one two three'],
  ])('%s', (_name, input, expected) => {
    expect(toPlainText(input)).toBe(expected);
  });
});
