import * as assert from 'node:assert/strict';
import { BlockSplitter, CHUNK_LINES, splitBlocks, splitBlocksWithContinuations, startsTable, type Block } from '../../src/webview/conversation/markdown/blocks';

/** Streams `text` in chunks of `size` and returns the finished blocks plus the final tail. */
function stream(text: string, size: number): Block[] {
  const s = new BlockSplitter();
  const out: Block[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  out.push(...s.end());
  if (s.tail.trim()) out.push(s.tailContinues ? { text: s.tail, continues: s.tailContinues } : { text: s.tail });
  return out;
}

const texts = (blocks: Block[]) => blocks.map((b) => b.text);

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
    assert.deepEqual(texts(s.push('Text\n\n```python\nprint(1)\n\nprint(2)\n')), ['Text\n\n']);
    assert.equal(s.tail, '```python\nprint(1)\n\nprint(2)\n');
    assert.deepEqual(s.openFence, { codeStart: '```python\n'.length, language: 'python' });
    assert.deepEqual(texts(s.push('```\n')), []);
    assert.equal(s.openFence, undefined);
    // Whatever follows a closed fence starts a new block, as soon as it shows.
    assert.deepEqual(texts(s.push('Next')), ['```python\nprint(1)\n\nprint(2)\n```\n']);
    assert.deepEqual(texts(s.push(' line\n')), []);
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
    assert.deepEqual(texts(s.push('- a\n\nPlain')), []);
    assert.deepEqual(texts(s.push(' text\n')), ['- a\n\n']);
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
    const whole = splitBlocksWithContinuations(text);
    assert.equal(texts(whole).join(''), text, 'blocks cover the text exactly');
    for (const size of [1, 2, 3, 7, 40, 1000]) assert.deepEqual(stream(text, size), whole, `delta size ${size}`);
  });

  it('streaming equals one-shot for long tables and lists too, continuations included', () => {
    const rows = Array.from({ length: 150 }, (_, i) => `| ${i} | row ${i} |`).join('\n');
    const items = Array.from({ length: 120 }, (_, i) => `${i + 1}. item ${i}${i % 7 === 0 ? '\n    - nested' : ''}`).join('\n');
    const text = `Intro\n\n| n | name |\n|--:|:--|\n${rows}\n\n${items}\n\nEnd.`;
    const whole = splitBlocksWithContinuations(text);
    assert.ok(whole.filter((b) => b.continues).length > 6);
    assert.equal(texts(whole).join(''), text);
    for (const size of [1, 3, 17, 100, 5000]) assert.deepEqual(stream(text, size), whole, `delta size ${size}`);
  });

  it('skips leading blank lines and handles CRLF', () => {
    assert.deepEqual(splitBlocks('\n\n  \nA\r\n\r\nB'), ['A\r\n\r\n', 'B']);
  });
});

describe('long tables and lists are split at rows and items (issue 16, finding 8)', () => {
  const header = '| # | Name | Value |\n|---|:----:|------:|\n';
  const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `| ${from + i} | n${from + i} | ${(from + i) * 2} |\n`).join('');

  it('a table with no blank lines becomes chunks of at most CHUNK_LINES lines that continue it, with its header', () => {
    const text = header + rows(0, 1000) + '\nAfter.';
    const blocks = splitBlocksWithContinuations(text);
    assert.equal(texts(blocks).join(''), text);
    const table = blocks.slice(0, -1);
    assert.ok(table.length >= 1000 / CHUNK_LINES, `${table.length} chunks`);
    assert.ok(table[0].text.startsWith(header) && !table[0].continues);
    for (const b of table.slice(1)) {
      assert.deepEqual(b.continues, { kind: 'table', head: header });
      assert.match(b.text, /^\| \d+ \|/, 'a chunk starts at a row');
      assert.ok(b.text.split('\n').length - 1 <= CHUNK_LINES + 1);
    }
    assert.deepEqual(blocks.at(-1), { text: 'After.' });
  });

  it('a table interrupting a paragraph starts its own block', () => {
    assert.deepEqual(splitBlocks('Intro:\n| a | b |\n|---|---|\n| 1 | 2 |\n'), ['Intro:\n', '| a | b |\n|---|---|\n| 1 | 2 |\n']);
    assert.deepEqual(splitBlocks('> quote\n| a | b |\n|---|---|\n'), ['> quote\n| a | b |\n|---|---|\n'], 'not inside a quote');
  });

  it('stops splitting a table at a line markdown-it would not take as a row', () => {
    for (const stop of ['# Heading', '- item', '> quote', '***', '    indented']) {
      const text = header + rows(0, 40) + `${stop}\n` + rows(40, 120);
      const blocks = splitBlocksWithContinuations(text);
      const at = text.indexOf(stop);
      let offset = 0;
      for (const b of blocks) {
        assert.ok(offset <= at || !b.continues, `no continuation after ${JSON.stringify(stop)}`);
        offset += b.text.length;
      }
    }
  });

  it('recognises a table start by markdown-it’s rules', () => {
    assert.equal(startsTable('| a | b |', '|---|:-:|'), true);
    assert.equal(startsTable('a | b', '--- | ---'), true);
    assert.equal(startsTable('| a | b |', '|---|'), false, 'column counts differ');
    assert.equal(startsTable('no pipe', '---'), false);
    assert.equal(startsTable('| a |', '- --'), false, 'a list item, not a delimiter');
    assert.equal(startsTable('| a \\| b |', '|---|'), true, 'an escaped pipe is no column');
  });

  it('a long tight list is split before sibling items only; nested items stay with their parent', () => {
    const items = Array.from({ length: 200 }, (_, i) => `- item ${i}\n  - child ${i}\n`).join('');
    const blocks = splitBlocksWithContinuations(items);
    assert.equal(texts(blocks).join(''), items);
    assert.ok(blocks.length > 5);
    for (const b of blocks.slice(1)) {
      assert.deepEqual(b.continues, { kind: 'list' });
      assert.match(b.text, /^- item \d+\n {2}- child/);
    }
  });

  it('does not split a list across a blank line, at another marker, or after a lazy line', () => {
    const n = CHUNK_LINES + 10;
    const list = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('');
    assert.equal(splitBlocks(list((i) => `- a${i}\n${i === n - 5 ? '\n' : ''}`)).length, 2, 'one split, before the blank line');
    const markers = splitBlocks(list((i) => `${i < CHUNK_LINES + 2 ? '-' : '*'} a${i}\n`));
    assert.equal(markers.length, 2, 'split once in the - list');
    assert.ok(markers.every((b) => b.startsWith('-')), 'a new marker is a new list: never split before it');
    assert.equal(splitBlocks(list((i) => `- a${i}\n${i === 3 ? 'lazy line\n' : ''}`)).length, 1);
  });
});
