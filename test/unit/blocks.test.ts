import * as assert from 'node:assert/strict';
import { BlockSplitter, splitBlocks } from '../../src/webview/markdown/blocks';

/** Streams `text` in chunks of `size` and returns the finished blocks plus the final tail. */
function stream(text: string, size: number): string[] {
  const s = new BlockSplitter();
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  out.push(...s.end());
  if (s.tail.trim()) out.push(s.tail);
  return out;
}

describe('markdown block splitter', () => {
  it('splits paragraphs and headings at blank lines', () => {
    assert.deepEqual(splitBlocks('# Title\n\nFirst para\nstill first.\n\nSecond.'), ['# Title\n\n', 'First para\nstill first.\n\n', 'Second.']);
  });

  it('keeps blank lines inside ``` and ~~~ fences, and makes each top-level fence its own block', () => {
    const text = 'Intro:\n```ts\nconst a = 1;\n\nconst b = 2;\n```\nAfter.\n\n~~~\nx\n\ny\n~~~\n';
    assert.deepEqual(splitBlocks(text), ['Intro:\n', '```ts\nconst a = 1;\n\nconst b = 2;\n```\n', 'After.\n\n', '~~~\nx\n\ny\n~~~\n']);
  });

  it('a fence closes only with the same marker, at least as long', () => {
    const text = '````md\n```\ninner\n```\n\nstill code\n````\n\nafter';
    assert.deepEqual(splitBlocks(text), ['````md\n```\ninner\n```\n\nstill code\n````\n\n', 'after']);
    assert.deepEqual(splitBlocks('~~~\n```\n\n~~~\n\nz'), ['~~~\n```\n\n~~~\n\n', 'z']);
  });

  it('an unclosed fence while streaming is the open block and reports where its code starts', () => {
    const s = new BlockSplitter();
    assert.deepEqual(s.push('Text\n\n```python\nprint(1)\n\nprint(2)\n'), ['Text\n\n']);
    assert.equal(s.tail, '```python\nprint(1)\n\nprint(2)\n');
    assert.deepEqual(s.openFence, { codeStart: '```python\n'.length, language: 'python' });
    assert.deepEqual(s.push('```\n'), []);
    assert.equal(s.openFence, undefined);
    // Whatever follows a closed fence starts a new block, as soon as it shows.
    assert.deepEqual(s.push('Next'), ['```python\nprint(1)\n\nprint(2)\n```\n']);
    assert.deepEqual(s.push(' line\n'), []);
    assert.equal(s.tail, 'Next line\n');
  });

  it('does not take an info string with a backtick for a fence', () => {
    assert.deepEqual(splitBlocks('``` a`b\n\nc'), ['``` a`b\n\n', 'c']);
  });

  it('keeps loose lists together across blank lines, and ends them at an unindented paragraph', () => {
    const text = '- one\n\n- two\n  more\n\n  continued para\n\n1. x\n\nPlain.';
    assert.deepEqual(splitBlocks(text), ['- one\n\n- two\n  more\n\n  continued para\n\n1. x\n\n', 'Plain.']);
  });

  it('keeps a fence inside a list item in the list block (not a top-level fence)', () => {
    const s = new BlockSplitter();
    s.push('1. Run:\n\n   ```bash\n   npm test\n\n   ```\n2. Done\n');
    assert.equal(s.tail, '1. Run:\n\n   ```bash\n   npm test\n\n   ```\n2. Done\n');
    const t = new BlockSplitter();
    t.push('- a\n  ```js\n  x\n');
    assert.equal(t.openFence, undefined, 'a fence inside the list is re-rendered with the list');
  });

  it('waits for a complete line before ending a list, then splits', () => {
    const s = new BlockSplitter();
    assert.deepEqual(s.push('- a\n\nPlain'), []);
    assert.deepEqual(s.push(' text\n'), ['- a\n\n']);
    assert.equal(s.tail, 'Plain text\n');
  });

  it('keeps tables whole', () => {
    const text = '| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\nAfter';
    assert.deepEqual(splitBlocks(text), ['| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n\n', 'After']);
  });

  it('gives the same blocks for any delta size (streaming equals one-shot)', () => {
    const text = [
      '# Heading', '', 'Para with `code` and **bold**.', '', '```js', 'a();', '', 'b();', '```', 'Right after.', '',
      '- item', '', '  - nested', '', '| h |', '|---|', '| c |', '', '~~~~', '```', '~~~~', '', '> quote', '', 'end',
    ].join('\n');
    const whole = splitBlocks(text);
    assert.equal(whole.join(''), text, 'blocks cover the text exactly');
    for (const size of [1, 2, 3, 7, 40, 1000]) assert.deepEqual(stream(text, size), whole, `delta size ${size}`);
  });

  it('skips leading blank lines and handles CRLF', () => {
    assert.deepEqual(splitBlocks('\n\n  \nA\r\n\r\nB'), ['A\r\n\r\n', 'B']);
  });
});
