import { strict as assert } from 'node:assert';
import { applyReplacements, diffSummary, EDIT_TOOLS, EditToolError, planEdit } from '../../src/core/tools/editTools';

describe('edit tools: planning a change', () => {
  it('declares propose_edit, create_file and delete_file with object schemas', () => {
    assert.deepEqual(EDIT_TOOLS.map((t) => t.name), ['propose_edit', 'create_file', 'delete_file']);
    for (const t of EDIT_TOOLS) assert.equal((t.parameters as { type: string }).type, 'object');
  });

  it('applies exact search/replace pairs in order, each found exactly once', () => {
    assert.equal(applyReplacements('a = 1\nb = 2\n', [{ search: 'a = 1', replace: 'a = 10' }, { search: 'b = 2', replace: 'b = 20' }]), 'a = 10\nb = 20\n');
    assert.throws(() => applyReplacements('x\n', [{ search: 'y', replace: 'z' }]), (e: Error) => e instanceof EditToolError && /not found/.test(e.message));
    assert.throws(() => applyReplacements('x x\n', [{ search: 'x', replace: 'z' }]), /more than once/);
    assert.throws(() => applyReplacements('x\n', [{ search: '', replace: 'z' }]), /search is empty/);
    assert.throws(() => applyReplacements('x\n', [{ search: 1, replace: 'z' }]), /must be strings/);
  });

  it('plans edits, new files and deletions, refusing what does not fit the file', () => {
    assert.deepEqual(planEdit('propose_edit', { path: 'a.ts', content: 'new\n' }, 'old\n'), { path: 'a.ts', before: 'old\n', after: 'new\n' });
    assert.deepEqual(planEdit('create_file', { path: 'n.ts', content: 'x\n' }, undefined), { path: 'n.ts', before: undefined, after: 'x\n' });
    assert.deepEqual(planEdit('delete_file', { path: 'd.ts' }, 'gone\n'), { path: 'd.ts', before: 'gone\n', after: undefined });
    assert.throws(() => planEdit('create_file', { path: 'a.ts', content: 'x' }, 'exists'), /already exists/);
    assert.throws(() => planEdit('propose_edit', { path: 'a.ts', content: 'x' }, undefined), /does not exist/);
    assert.throws(() => planEdit('delete_file', { path: 'a.ts' }, undefined), /does not exist/);
    assert.throws(() => planEdit('propose_edit', { path: 'a.ts' }, 'x'), /needs `edits`/);
    assert.throws(() => planEdit('propose_edit', { path: '' }, 'x'), /non-empty/);
  });

  it('summarises the change as a unified diff with +/- counts', () => {
    const d = diffSummary('a.ts', 'one\ntwo\nthree\n', 'one\n2\nthree\nfour\n');
    assert.equal(d.added, 2);
    assert.equal(d.removed, 1);
    assert.match(d.text, /^@@ -1,3 \+1,4 @@$/m);
    assert.match(d.text, /^-two$/m);
    assert.match(d.text, /^\+2$/m);
    assert.deepEqual([diffSummary('n.ts', undefined, 'a\nb\n').added, diffSummary('d.ts', 'a\n', undefined).removed], [2, 1]);
  });
});
