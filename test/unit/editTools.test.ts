import { strict as assert } from 'node:assert';
import { applyReplacements, diffSummary, EDIT_TOOLS, EditToolError, MAX_EDITS, planEdit } from '../../src/core/tools/editTools';

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

  it('the diff is bounded: a rewrite of a huge file gives up (counts of whole files, nothing to show) instead of freezing the host', () => {
    const before = Array.from({ length: 16_000 }, (_, i) => `const a${i} = ${i};`).join('\n') + '\n';
    const after = Array.from({ length: 16_000 }, (_, i) => `let b${i} = "${i}";`).join('\n') + '\n';
    const d = diffSummary('big.ts', before, after);
    assert.deepEqual({ shown: d.shown, added: d.added, removed: d.removed, text: d.text }, { shown: 'none', added: 16_000, removed: 16_000, text: '' });
    assert.equal(diffSummary('small.ts', 'a\n', 'b\n').shown, 'all');
  });

  it('a diff too long for the card is cut at a line end and says how many lines are not shown', () => {
    // Long lines, few of them: over 20,000 characters of diff while jsdiff stays far from its 250 ms budget
    // even on a loaded machine (many short scattered changes made this test depend on the machine's speed).
    const before = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(60)}`).join('\n') + '\n';
    const after = before.replace(/^line (\d+) x+$/gm, (m, n) => (Number(n) % 3 === 0 ? m : `changed ${n} ${'y'.repeat(60)}`));
    const d = diffSummary('long.txt', before, after);
    assert.equal(d.shown, 'cut');
    assert.ok(d.text.length <= 20_000);
    assert.ok(!d.text.endsWith('\n') && /^[-+ @]/.test(d.text.split('\n').at(-1)!), 'ends with a whole line');
    const full = d.added + d.removed;
    assert.ok(d.hiddenLines! > 0 && d.hiddenLines! < 3 * full, `hidden ${d.hiddenLines}`);
  });

  it('marks a diff with invisible or direction-changing characters, also when they are only in the part the card cuts', () => {
    const before = 'if (isAdmin) {\r\n  grant();\r\n}\r\n';
    const after = 'if (isAdmin) {\r\n  /*\u202E } \u2066if (user)\u2069 \u2066 admins only */\r\n  grant();\r\n}\r\n';
    const d = diffSummary('a.ts', before, after);
    assert.equal(d.invisible, true);
    assert.match(d.text, /^\+ {2}\/\*\u202E/m, 'the diff keeps the real characters (the card draws them as escapes)');
    assert.equal(diffSummary('a.ts', before, before.replace('grant', 'allow')).invisible, undefined, 'CRLF line ends are not invisible characters');
    assert.equal(diffSummary('b.ts', 'a\n', 'a\u200Bb\n').invisible, true);
    // Past the 20,000 characters the card shows.
    const long = Array.from({ length: 300 }, (_, i) => `${'x'.repeat(80)} ${i}`).join('\n') + '\n';
    const cut = diffSummary('long.txt', long, long.replace(/^x+ (\d+)$/gm, 'y $1').replace('y 298', 'y 298\u200B'));
    assert.equal(cut.shown, 'cut');
    assert.ok(!cut.text.includes('\u200B'), 'the zero-width space is in the unshown tail');
    assert.equal(cut.invisible, true);
  });

  it('caps the number and the size of search/replace pairs, and the size of new content', () => {
    const text = 'x\n';
    assert.throws(() => applyReplacements(text, Array.from({ length: MAX_EDITS + 1 }, () => ({ search: 'x', replace: 'y' }))), /Too many edits/);
    assert.throws(() => applyReplacements(text, [{ search: 'x', replace: 'y'.repeat(1024 * 1024 + 1) }]), /too large/);
    assert.throws(() => planEdit('create_file', { path: 'n.txt', content: 'z'.repeat(1024 * 1024 + 1) }, undefined), /too large/);
    assert.throws(() => planEdit('propose_edit', { path: 'a.txt', content: 'z'.repeat(1024 * 1024 + 1) }, 'a'), /too large/);
  });
});
