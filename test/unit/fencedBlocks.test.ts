// The fenced blocks of an answer (src/core/edits/fencedBlocks.ts), and the naming patterns of Apply on model
// output of any length: the same blocks the old regex found, and pathological answers (an unclosed fence,
// an 80,000-character first line) answered in one pass, not in quadratic time.
import * as assert from 'node:assert/strict';
import { fencedBlocks } from '../../src/core/edits/fencedBlocks';
import { extractMergedFile } from '../../src/core/edits/merge';
import { replacementFrom } from '../../src/core/edits/improve';
import { pathFromFenceInfo, pathFromFirstLine, namedTarget } from '../../src/core/edits/applyTarget';

describe('fenced blocks of an answer', () => {
  it('finds each block closed by the same fence, in order, with the info line and fences dropped', () => {
    const answer = 'Intro\n```ts a.ts\nconst a = 1;\n```\ntext\n~~~~\nx\n```\nnot a close\n~~~~  \n````py\n```\ninner\n```\n````\n';
    assert.deepEqual(fencedBlocks(answer), ['const a = 1;', 'x\n```\nnot a close', '```\ninner\n```']);
  });

  it('a block closes with a fence at least as long as its opening (as the panel draws it); an unclosed one is no block', () => {
    assert.deepEqual(fencedBlocks('```ts\nno end\n'), []);
    assert.deepEqual(fencedBlocks('````\ninside\n```js\nstill inside\n```\n'), [], 'shorter fences do not close it');
    assert.deepEqual(fencedBlocks('```\nclosed by a longer fence\n`````\nafter\n```\nsecond\n```'), ['closed by a longer fence', 'second']);
    assert.deepEqual(fencedBlocks('```a```\n```\nreal\n```'), ['real'], 'a backtick in the info string: not a fence');
  });

  it('merge takes the longest block, Improve the first', () => {
    const answer = '```\nshort\n```\n```ts\nthe whole\nmerged file\n```\n';
    assert.equal(extractMergedFile(answer), 'the whole\nmerged file\n');
    assert.equal(replacementFrom(answer), 'short');
  });

  it('hostile answers: many unclosed fences of different lengths, and a huge first line, in one pass', () => {
    const fences = Array.from({ length: 3000 }, (_, i) => `${'`'.repeat(3 + (i % 50))}x\n${'filler line\n'.repeat(10)}`).join('');
    assert.deepEqual(fencedBlocks(fences), []);
    assert.equal(replacementFrom(fences), undefined);
    const long = `// filepath: ${'a'.repeat(80_000)}+\nbody`;
    assert.equal(pathFromFirstLine(long), undefined);
    assert.equal(pathFromFenceInfo(`ts ${'x'.repeat(80_000)}`), undefined);
    assert.equal(namedTarget({ code: long, info: `ts ${'*'.repeat(80_000)}` }), undefined);
  });

  it('ordinary names are still found', () => {
    assert.equal(pathFromFirstLine('// filepath: src/a.ts\nexport {};'), 'src/a.ts');
    assert.equal(pathFromFenceInfo('ts src/app.ts'), 'src/app.ts');
  });
});
