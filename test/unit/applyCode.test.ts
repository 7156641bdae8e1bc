import { strict as assert } from 'node:assert';
import { namedTarget, pathFromFenceInfo, pathFromFirstLine, pathFromPrecedingLine } from '../../src/core/edits/applyTarget';
import { editContentProblem, editPathProblem, MAX_EDIT_BYTES } from '../../src/core/edits/editPolicy';
import { extractMergedFile, isFragment, mergeBody, mergePrompt } from '../../src/core/edits/merge';

describe('apply to file: which file a code block names', () => {
  it('reads the fence info after the language, in the forms models write', () => {
    assert.equal(pathFromFenceInfo('ts src/app.ts'), 'src/app.ts');
    assert.equal(pathFromFenceInfo('typescript title=src/app.ts'), 'src/app.ts');
    assert.equal(pathFromFenceInfo('python path="tools/run.py"'), 'tools/run.py');
    assert.equal(pathFromFenceInfo('ts:src/app.ts'), 'src/app.ts');
    assert.equal(pathFromFenceInfo('ini .git/config'), '.git/config', 'a name without extension, in a folder');
    assert.equal(pathFromFenceInfo('ts'), undefined);
    assert.equal(pathFromFenceInfo('js {1,3-4}'), undefined);
    assert.equal(pathFromFenceInfo('ts https://example.com/a.ts'), undefined, 'a URL is not a workspace file');
  });

  it('reads a first-line path comment', () => {
    assert.equal(pathFromFirstLine('// filepath: src/a.ts\nexport {};'), 'src/a.ts');
    assert.equal(pathFromFirstLine('# file: scripts/build.py\nprint(1)'), 'scripts/build.py');
    assert.equal(pathFromFirstLine('<!-- path: web/index.html -->\n<p>'), 'web/index.html');
    assert.equal(pathFromFirstLine('// Adds two numbers\nfunction add() {}'), undefined);
  });

  it('reads the line before the block', () => {
    assert.equal(pathFromPrecedingLine('**src/app.ts**'), 'src/app.ts');
    assert.equal(pathFromPrecedingLine('`src/app.ts`:'), 'src/app.ts');
    assert.equal(pathFromPrecedingLine('File: src/app.ts'), 'src/app.ts');
    assert.equal(pathFromPrecedingLine('Replace the contents of `src/app.ts` with:'), 'src/app.ts');
    assert.equal(pathFromPrecedingLine('Here is the fixed version:'), undefined);
    assert.equal(pathFromPrecedingLine('Compare `a.ts` and `b.ts`:'), undefined, 'two candidates: none is chosen');
  });

  it('prefers the fence info, then the first line, then the line before', () => {
    assert.equal(namedTarget({ info: 'ts a.ts', before: '**b.ts**', code: '// file: c.ts\n' }), 'a.ts');
    assert.equal(namedTarget({ info: 'ts', before: '**b.ts**', code: '// file: c.ts\n' }), 'c.ts');
    assert.equal(namedTarget({ info: 'ts', before: '**b.ts**', code: 'x\n' }), 'b.ts');
    assert.equal(namedTarget({ code: 'x\n' }), undefined);
  });
});

describe('apply to file: whole file or fragment', () => {
  const file = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  it('a block about as long as the file is its whole new content; a new file is never a fragment', () => {
    assert.equal(isFragment(file.replace('line 3', 'line three'), file), false);
    assert.equal(isFragment('anything', undefined), false);
    assert.equal(isFragment('anything', ''), false);
  });
  it('a much shorter block, or one that elides code, is a fragment', () => {
    assert.equal(isFragment('line 3 changed\n', file), true);
    assert.equal(isFragment(file.split('\n').slice(0, 38).join('\n') + '\n// ... existing code ...\n', file), true);
    assert.equal(isFragment('def f():\n    # ... rest unchanged\n', 'def f():\n    pass\n'), true);
  });
});

describe('apply to file: the merge request', () => {
  it('is a one-off, not stored, with the file and the fragment fenced as data', () => {
    const body = mergeBody({ model: 'gemini-x', path: 'src/a.ts', current: 'const a = 1;\n```\nnot a fence end\n', fragment: 'const a = 2;' });
    assert.equal(body.model, 'gemini-x');
    assert.equal(body.store, false);
    assert.equal(body.tools, undefined);
    assert.equal(body.previous_interaction_id, undefined);
    const text = JSON.stringify(body.input);
    assert.match(text, /const a = 1;/);
    assert.match(text, /const a = 2;/);
    const prompt = mergePrompt('src/a.ts', 'x\n```\n', 'y');
    assert.match(prompt, /^````$/m, 'the fence is longer than any backtick run inside the file');
  });

  it('takes the longest fenced block of the answer as the merged file', () => {
    assert.equal(extractMergedFile('Here:\n```ts\nshort\n```\nand\n```ts\nconst a = 2;\nconst b = 3;\n```\n'), 'const a = 2;\nconst b = 3;\n');
    assert.equal(extractMergedFile('const a = 2;'), 'const a = 2;\n', 'no fence: the whole answer');
    assert.equal(extractMergedFile('   '), undefined);
  });
});

describe('apply to file: what may be edited', () => {
  it('refuses version control, editor settings and dependencies', () => {
    assert.match(editPathProblem('.git/config')!, /\.git\//);
    assert.match(editPathProblem('sub/.vscode/settings.json')!, /\.vscode\//);
    assert.match(editPathProblem('node_modules/x/index.js')!, /node_modules\//);
    assert.match(editPathProblem('')!, /workspace folder itself/);
    assert.equal(editPathProblem('src/.gitignore'), undefined);
    assert.equal(editPathProblem('src/app.ts'), undefined);
  });
  it('refuses binary and oversized content', () => {
    assert.match(editContentProblem(new Uint8Array([65, 0, 66]), 'a.bin')!, /binary/);
    assert.match(editContentProblem(new Uint8Array(MAX_EDIT_BYTES + 1), 'big.txt')!, /larger than/);
    assert.equal(editContentProblem(new TextEncoder().encode('hello'), 'a.txt'), undefined);
  });
});
