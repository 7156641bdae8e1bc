import { strict as assert } from 'node:assert';
import { fenceFor, selectionPrompt } from '../../src/core/prompts';

describe('prompts', () => {
  it('fenceFor: three backticks by default, always longer than any backtick run in the code', () => {
    assert.equal(fenceFor('const a = 1;'), '```');
    assert.equal(fenceFor('const s = `x`;'), '```');
    assert.equal(fenceFor('md: ```js\ncode\n```'), '````');
    assert.equal(fenceFor('`````'), '``````');
  });

  it('selectionPrompt: one selection, single line', () => {
    const p = selectionPrompt({ path: 'src/a.ts', languageId: 'typescript', selections: [{ startLine: 3, endLine: 3, text: 'let x = 1;' }] });
    assert.equal(p, 'Explain this code: what it does, how it works, and anything surprising.\n\n`src/a.ts`, line 3:\n```typescript\nlet x = 1;\n```');
  });

  it('selectionPrompt: code containing ``` gets a longer fence that the code cannot close', () => {
    const code = 'const doc = `\n```js\nx\n```\n`;';
    const p = selectionPrompt({ path: 'README.md', languageId: 'markdown', selections: [{ startLine: 1, endLine: 5, text: code }] });
    assert.ok(p.includes(`lines 1-5:\n\`\`\`\`markdown\n${code}\n\`\`\`\``));
    // The block is closed only by the last line.
    const body = p.split('````markdown\n')[1];
    assert.equal(body.indexOf('````'), body.length - 4);
  });

  it('selectionPrompt: several selections, each fenced on its own', () => {
    const p = selectionPrompt({ path: 'a.py', languageId: 'python', selections: [
      { startLine: 1, endLine: 2, text: 'a = 1\nb = 2' },
      { startLine: 9, endLine: 9, text: 's = "```"' },
    ] });
    assert.match(p, /^Explain these code selections:/);
    assert.ok(p.includes('`a.py`, lines 1-2:\n```python\na = 1\nb = 2\n```'));
    assert.ok(p.includes('`a.py`, line 9:\n````python\ns = "```"\n````'));
  });
});
