import * as assert from 'node:assert/strict';
import MarkdownIt, { type Token } from 'markdown-it';
import { BlockSplitter, CHUNK_LINES, splitBlocks, splitBlocksWithContinuations, startsTable, type Block } from '../../src/webview/conversation/markdown/blocks';
import { PACE_FACTOR, RenderPacer } from '../../src/webview/conversation/frameScheduler';

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
  });
});

// ── Issue 23, finding 6: doubtful rows and lazy lines keep the splitting; what cannot be split is paced ──

/** The renderer's options (render.ts) that change the HTML of blocks. */
const md = new MarkdownIt({ html: false, linkify: true });

/** Index of the token closing the one opened at `i`. */
function closing(tokens: Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < tokens.length; j++) {
    depth += tokens[j].nesting;
    if (depth === 0) return j;
  }
  return tokens.length - 1;
}

/**
 * The HTML the view shows for these blocks: each rendered on its own, a continuing block's rows (table:
 * parsed after the head) or items moved into the table or list the block before it ended with, as
 * textView.ts does with DOM nodes. Row groups are merged (the view keeps one <tbody> per chunk).
 */
function shown(blocks: Block[]): string {
  const out: Token[] = [];
  const push = (tokens: Token[]) => { for (const t of tokens) out.push(t); };
  // The closing token of the table or list the last block ended with, held back while blocks continue it.
  let held: Token | undefined;
  for (const b of blocks) {
    const tokens = md.parse(b.continues?.kind === 'table' ? b.continues.head + b.text : b.text, {});
    if (b.continues && held && tokens[0]?.type === held.type.replace('_close', '_open')) {
      const end = closing(tokens, 0);
      const moved = tokens.slice(1, end);
      push(b.continues.kind === 'table' ? moved.slice(closing(moved, 0) + 1) : moved); // a table's without its head
      const rest = tokens.slice(end + 1);
      if (rest.length) {
        out.push(held);
        held = undefined;
        push(rest);
      }
      continue;
    }
    if (held) out.push(held);
    held = undefined;
    push(tokens);
    if (/^(table|bullet_list|ordered_list)_close$/.test(out[out.length - 1]?.type ?? '')) held = out.pop();
  }
  if (held) out.push(held);
  return md.renderer.render(out, md.options, {}).replace(/<\/tbody>\n<tbody>\n/g, '');
}

/** Each block with the blocks continuing it joined back into one (what splitting at rows and items must not change). */
function joined(blocks: Block[]): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.continues && out.length) out[out.length - 1] = { text: out[out.length - 1].text + b.text };
    else out.push({ text: b.text });
  }
  return out;
}

/** Splits `text` and checks the view shows what markdown-it shows for the blocks unsplit at rows and items. */
function assertSameAsUnsplit(text: string): Block[] {
  const blocks = splitBlocksWithContinuations(text);
  assert.equal(texts(blocks).join(''), text, 'blocks cover the text exactly');
  const unsplit = shown(joined(blocks));
  const split = shown(blocks);
  if (split !== unsplit) {
    let at = 0;
    while (split[at] === unsplit[at]) at++;
    assert.fail(`${JSON.stringify(text)}\nsplit at rows and items shows ${JSON.stringify(split.slice(Math.max(0, at - 60), at + 60))}\nunsplit, markdown-it shows ${JSON.stringify(unsplit.slice(Math.max(0, at - 60), at + 60))}`);
  }
  return blocks;
}

/** Offsets (in the text) where the blocks continuing a table or list start. */
function continuationStarts(blocks: Block[]): number[] {
  const out: number[] = [];
  let offset = 0;
  for (const b of blocks) {
    if (b.continues) out.push(offset);
    offset += b.text.length;
  }
  return out;
}

describe('doubtful rows and lazy lines do not stop the splitting (issue 23, finding 6)', () => {
  const header = '| # | Name | Value |\n|---|:----:|------:|\n';
  const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `| ${from + i} | n${from + i} | ${(from + i) * 2} |\n`).join('');

  it('keeps splitting a table past rows that start with < (raw HTML is off: no HTML block can end the table)', () => {
    for (const doubtful of ['<b>flagged</b> | x | y |', '<div>', '<!-- note --> | a |', '<', '  <script>x</script> | 1 | 2 |']) {
      const text = header + rows(0, 5) + `${doubtful}\n` + rows(5, 150) + '\nAfter.';
      const blocks = assertSameAsUnsplit(text);
      const at = text.indexOf(doubtful);
      const after = continuationStarts(blocks).filter((o) => o > at);
      assert.ok(after.length >= 140 / CHUNK_LINES, `${JSON.stringify(doubtful)}: ${after.length} chunks after it`);
      // markdown-it takes the line as a row of the same table: one table, every row.
      const html = shown(blocks);
      assert.equal(html.match(/<table>/g)?.length, 1);
      assert.equal(html.match(/<tr>/g)?.length, 152);
    }
  });

  it('keeps splitting a list past a lazy continuation line, and past items at another indentation', () => {
    const n = 150;
    for (const [name, odd] of [['lazy line', 'a lazy continuation line\n'], ['lazy <tag>', '<span>lazy</span>\n'], ['item at another indentation', ' - one space in\n'], ['lazy in a nested item', '  - nested\nlazy\n']]) {
      const text = Array.from({ length: n }, (_, i) => `- item ${i}\n${i === 3 ? odd : ''}`).join('') + '\nAfter.';
      const blocks = assertSameAsUnsplit(text);
      const after = continuationStarts(blocks).filter((o) => o > text.indexOf(odd));
      assert.ok(after.length >= (n - 20) / CHUNK_LINES, `${name}: ${after.length} chunks after it`);
      assert.equal(shown(blocks).match(/<ul>/g)?.length, name === 'lazy in a nested item' ? 2 : 1, `${name}: one list`);
    }
  });

  it('stops splitting a list where markdown-it ends it (a heading item then a line it cannot continue, another marker, an unindented fence)', () => {
    const n = 200;
    for (const odd of ['- # heading\nnot lazy: a heading has no continuation\n', '* another marker\n', '```\n', '-\n\n  after an empty item\n', '- text\n# heading\n', '- ```\n  code\n```\n']) {
      const text = Array.from({ length: n }, (_, i) => `- item ${i}\n${i === 40 ? odd : ''}`).join('');
      const blocks = assertSameAsUnsplit(text);
      const at = text.indexOf(odd);
      assert.deepEqual(continuationStarts(blocks).filter((o) => o > at), [], `${JSON.stringify(odd)}: no continuation after it`);
      assert.ok(continuationStarts(blocks).some((o) => o < at), 'split before it');
    }
  });

  it('a table that leaves out more than 65,536 cells in all ends where markdown-it ends it, though its chunks each leave out fewer', () => {
    const columns = 1001;
    const head = `|${' h |'.repeat(columns)}\n|${'-|'.repeat(columns)}\n`;
    const text = head + Array.from({ length: 300 }, (_, i) => `| ${i} |\n`).join('');
    // markdown-it's own blocks (no inline parsing: 65,536 empty cells are slow to render): 1,000 cells
    // left out per row, so the table ends before its 66th row, which starts a paragraph.
    const tokens: Token[] = [];
    md.block.parse(text, md, {}, tokens);
    const tableEnd = tokens.find((t) => t.type === 'table_open')!.map![1];
    assert.equal(tableEnd, 2 + 65);
    const blocks = splitBlocksWithContinuations(text);
    assert.equal(texts(blocks).join(''), text);
    const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
    let offset = 0;
    const starts = blocks.map((b) => { const at = { line: lineOf(offset), continues: !!b.continues }; offset += b.text.length; return at; });
    assert.ok(starts.some((s) => s.line === tableEnd && !s.continues), 'a new block starts where the table ends');
    assert.ok(starts.every((s) => s.line <= tableEnd || !s.continues), 'no block after it continues the table');
    assert.ok(starts.filter((s) => s.continues).length >= 3, 'the table itself was split');
  });

  it('splitting at rows and items never changes what is shown (seeded random documents of tables, lists and doubtful lines)', function () {
    this.timeout(30_000);
    let seed = 23;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)];
    const ROWS = ['| a | b |', '| x |', '<b>x</b> | y', '<div>', 'a | b | c | d', '| \\| |', '| **b** | `c` |', '<', '| 1 | 2 | 3 | 4 | 5 |'];
    const ODD = ['', '# H', '> q', '```', '```js', '~~~', '``` a`b', '***', '---', '- - -', '===', '    four', '\tt', '<!-- c -->', 'lazy text',
      '<span>l</span>', '- x', '1. y', '2) z', '* s', '+ p', '-', '  - nested', '   three', '  two', '> | a |', '####### seven', '|---|---|'];
    const ITEMS = ['- a', '- b', '- **c**', '-   wide', '- # head', '- > q', '- ```', '-', '- | t |', '- <b>'];
    const ORDERED = ['1. a', '2. b', '10. c', '3) d', '1.', '7. <x>'];
    const INSIDE = ['  more', '  - nested', '    - deep', '      code?', '  ```', '  > q', 'lazy', '<lazy>', '   3sp', ' - one', '* star', '# h', '> q', '  |---|', '    four', '~~~'];
    const doc = () => {
      const lines: string[] = [];
      for (let segments = 1 + Math.floor(random() * 4); segments > 0; segments--) {
        const kind = random();
        const n = 10 + Math.floor(random() * 40);
        if (kind < 0.35) {
          const cols = 1 + Math.floor(random() * 3);
          lines.push(`|${' h |'.repeat(cols)}`, `|${'---|'.repeat(cols)}`);
          for (let i = 0; i < n; i++) lines.push(random() < 0.1 ? pick(ODD) : pick(ROWS));
        } else if (kind < 0.75) {
          const items = random() < 0.4 ? ORDERED : ITEMS;
          // No blank line inside a list here: see the note on loose lists below.
          for (let i = 0; i < n; i++) { const r = random(); lines.push(r < 0.6 ? pick(items) : r < 0.9 ? pick(INSIDE) : pick(ODD.slice(1))); }
        } else {
          for (let i = 1 + Math.floor(random() * 10); i > 0; i--) lines.push(pick(ODD));
        }
        lines.push('');
      }
      return lines.join('\n').replace(/^\n+/, '');
    };
    let continuations = 0;
    for (let i = 0; i < 250; i++) {
      const text = doc();
      continuations += assertSameAsUnsplit(text).filter((b) => b.continues).length;
      for (const size of [1, 7, 64]) assert.deepEqual(stream(text, size), splitBlocksWithContinuations(text), `delta size ${size}`);
    }
    assert.ok(continuations > 50, `the documents were split at rows and items (${continuations} times)`);
  });
});

describe('an open block that cannot be split is re-rendered at an interval that grows with its cost (issue 23, finding 6)', () => {
  /**
   * One long paragraph streamed a line per frame (16 ms): rendering it costs 0.02 ms per line so far. Returns
   * how many times it was rendered and the render time in all, paced or at every frame.
   */
  function paragraph(lines: number, paced: boolean): { renders: number; renderMs: number; wallMs: number } {
    let clock = 0;
    const pacer = new RenderPacer(() => clock);
    let renders = 0;
    let renderMs = 0;
    for (let line = 1; line <= lines; line++) {
      clock += 16;
      if (paced && pacer.wait() > 0) continue; // shown as plain text until the wait is over
      const cost = 0.02 * line;
      pacer.time(() => { clock += cost; });
      renders++;
      renderMs += cost;
    }
    renderMs += 0.02 * lines; // the final render, always made
    return { renders: renders + 1, renderMs, wallMs: clock };
  }

  it('takes at most 1 / (PACE_FACTOR + 1) of the time the block streams for, where a render per frame is quadratic', () => {
    const every = paragraph(20_000, false);
    const paced = paragraph(20_000, true);
    assert.ok(paced.renderMs <= paced.wallMs / (PACE_FACTOR + 1) + 0.02 * 20_000, `${paced.renderMs.toFixed(0)} ms of ${paced.wallMs.toFixed(0)} ms`);
    assert.ok(every.renderMs > 10 * paced.renderMs, `every frame: ${every.renderMs.toFixed(0)} ms, paced: ${paced.renderMs.toFixed(0)} ms`);
    // Linear: ten times the lines, about ten times the time (not a hundred).
    const tenth = paragraph(2000, true);
    assert.ok(paced.renderMs < 20 * tenth.renderMs, `2,000 lines: ${tenth.renderMs.toFixed(0)} ms, 20,000: ${paced.renderMs.toFixed(0)} ms`);
  });

  it('does not hold back a cheap block (its wait is shorter than a frame), and a new block starts with no wait', () => {
    let clock = 0;
    const pacer = new RenderPacer(() => clock);
    pacer.time(() => { clock += 0.5; });
    assert.equal(pacer.wait(), 0.5 * PACE_FACTOR);
    clock += 16;
    assert.equal(pacer.wait(), 0, 'due at the next frame');
    pacer.time(() => { clock += 50; });
    assert.equal(pacer.wait(), 50 * PACE_FACTOR);
    pacer.reset();
    assert.equal(pacer.wait(), 0);
  });
});
