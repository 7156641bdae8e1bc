import { strict as assert } from 'node:assert';
import { escapeName } from '../../src/core/editor/prompts';
import { codePointEscape, escapeInvisible, hasInvisible, splitInvisible } from '../../src/core/util/invisibleChars';

/** One of each kind of character the approval card and the prompts must not show raw. */
const INVISIBLE = [
  0x00, 0x07, 0x08, 0x0b, 0x0c, 0x1b, 0x7f, 0x85, 0x9b, // C0, DEL, C1
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, // bidi
  0x200b, 0x200c, 0x2060, 0x2061, 0x2064, 0x206a, 0x206f, 0xfeff, 0x2028, 0x2029, // zero-width, format, separators
  0x00ad, 0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x3164, 0xffa0, 0xfff9, 0xfffb, // other invisible ones
  0xe0001, 0xe0020, 0xe0041, 0xe007f, 0xe0100, 0xe01ef, // tags, variation selectors supplement
];

describe('invisible and direction-changing characters', () => {
  it('escapes every control, bidi, zero-width and invisible format character as <U+…>, one per code point', () => {
    for (const cp of INVISIBLE) {
      const c = String.fromCodePoint(cp);
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      assert.equal(escapeInvisible(`a${c}b`), `a<U+${hex}>b`, `U+${hex}`);
      assert.equal(hasInvisible(`a${c}b`), true, `U+${hex}`);
      assert.equal(escapeName(`a${c}b`), `a\\u{${hex}}b`, `U+${hex} in a name`);
    }
    assert.equal(codePointEscape('\u{E0041}'), '<U+E0041>');
  });

  it('leaves visible text alone: letters of any script, emoji with their selectors and joiners, variation selectors', () => {
    for (const ok of ['const a = 1; // naïve café', '日本語 한국어', 'שלום עולם', 'مرحبا', '👍🏽 ❤️ 👩‍💻 👨‍👩‍👧 ❤️‍🔥', 'x\uFE0E', '\u00A0nbsp', '']) {
      assert.equal(escapeInvisible(ok), ok, ok);
      assert.equal(hasInvisible(ok), false, ok);
    }
    // A joiner anywhere but between two emoji is escaped (it is a letter to JavaScript identifiers).
    assert.equal(escapeInvisible('is\u200DAdmin 👩\u200D x\u200D💻'), 'is<U+200D>Admin 👩<U+200D> x<U+200D>💻');
  });

  it('keeps tabs and line ends in text, CRLF included, and escapes a lone carriage return; a name escapes them all', () => {
    assert.equal(escapeInvisible('a\tb\r\nc\r\n'), 'a\tb\r\nc\r\n');
    assert.equal(escapeInvisible('line\r'), 'line\r', 'the last line of a CRLF file');
    assert.equal(escapeInvisible('visible\rhidden'), 'visible<U+000D>hidden');
    assert.equal(hasInvisible('a\r\nb\r'), false);
    assert.equal(hasInvisible('a\rb'), true);
    assert.equal(escapeInvisible('a\tb\nc\r', 'name'), 'a<U+0009>b<U+000A>c<U+000D>');
    assert.equal(hasInvisible('a\tb', 'name'), true);
    assert.equal(escapeName('a\tb\nc\rd'), 'a\\tb\\nc\\rd');
  });

  it('the Trojan Source line: a change that reads as a comment shows its overrides', () => {
    // Drawn raw, this reads `/* if (isAdmin) begin admins only */`; it runs `if (isAdmin) {`.
    const line = '+/*\u202E } \u2066if (isAdmin)\u2069 \u2066 begin admins only */';
    assert.equal(escapeInvisible(line), '+/*<U+202E> } <U+2066>if (isAdmin)<U+2069> <U+2066> begin admins only */');
  });

  it('splits a text into shown pieces and escaped runs, keeping every character', () => {
    const text = 'a\u200B\u200Bb\u202Ec';
    const pieces = splitInvisible(text);
    assert.deepEqual(pieces, [{ text: 'a' }, { text: '\u200B\u200B', escaped: '<U+200B><U+200B>' }, { text: 'b' }, { text: '\u202E', escaped: '<U+202E>' }, { text: 'c' }]);
    assert.equal(pieces.map((p) => p.text).join(''), text);
    assert.deepEqual(splitInvisible('plain'), [{ text: 'plain' }]);
    assert.deepEqual(splitInvisible(''), [{ text: '' }]);
    assert.deepEqual(splitInvisible('\u202E'), [{ text: '\u202E', escaped: '<U+202E>' }]);
    assert.deepEqual(splitInvisible('a\tb', 'name'), [{ text: 'a' }, { text: '\t', escaped: '<U+0009>' }, { text: 'b' }]);
    // Calls in a row (the regexes are shared) start from the beginning each time.
    assert.equal(hasInvisible('x\u202E'), true);
    assert.equal(hasInvisible('x\u202E'), true);
    assert.deepEqual(splitInvisible('\u202Ex').length, 2);
  });

  it('is linear: a 1 MiB text, with or without escapes, takes well under a second', () => {
    const plain = 'const x = 1; // naïve 日本語\r\n'.repeat(40_000);
    const marked = 'const x = 1; //\u202E comment\u200B\n'.repeat(40_000);
    const t0 = performance.now();
    assert.equal(hasInvisible(plain), false);
    assert.equal(splitInvisible(plain).length, 1);
    assert.equal(splitInvisible(marked).length, 160_001);
    assert.equal(escapeInvisible('\u200B'.repeat(1 << 20)).length, 8 << 20);
    const ms = performance.now() - t0;
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
  });
});
