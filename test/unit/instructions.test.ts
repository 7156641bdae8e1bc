import { strict as assert } from 'node:assert';
import { combineSystemInstruction, DEFAULT_INSTRUCTION_FILES, instructionPaths, mergeRules, rulesHeader, utf8Prefix } from '../../src/core/rules/rulesFiles';

const enc = (s: string) => new TextEncoder().encode(s);

describe('rules files (AGENTS.md, GEMINI.md, .gemini/instructions.md)', () => {
  it('lists the default files when the setting is not a list; an empty list turns them off', () => {
    assert.deepEqual(instructionPaths(undefined), ['AGENTS.md', 'GEMINI.md', '.gemini/instructions.md']);
    assert.deepEqual(instructionPaths(undefined), [...DEFAULT_INSTRUCTION_FILES]);
    assert.deepEqual(instructionPaths([]), []);
  });

  it('keeps the setting\'s order, each path once, and only workspace-relative paths', () => {
    assert.deepEqual(instructionPaths(['GEMINI.md', './AGENTS.md', 'GEMINI.md', 'docs\\rules.md', '/etc/passwd', 'C:/x.md', '../up.md', 'a/../../b.md', '', 3]),
      ['GEMINI.md', 'AGENTS.md', 'docs/rules.md']);
  });

  it('merges the files in order, each under a header naming its path', () => {
    const m = mergeRules([{ path: 'AGENTS.md', bytes: enc('Use tabs.\n') }, { path: 'GEMINI.md', bytes: enc('Answer in French.') }]);
    assert.equal(m.text, `${rulesHeader('AGENTS.md')}\n\nUse tabs.\n\n${rulesHeader('GEMINI.md')}\n\nAnswer in French.`);
    assert.equal(rulesHeader('AGENTS.md'), '--- Rules file: AGENTS.md ---');
    assert.deepEqual(m.used, ['AGENTS.md', 'GEMINI.md']);
    assert.deepEqual(m.cuts, []);
    // Reversed input, reversed output: the order is the caller's (the setting's), not alphabetical.
    assert.deepEqual(mergeRules([{ path: 'GEMINI.md', bytes: enc('b') }, { path: 'AGENTS.md', bytes: enc('a') }]).used, ['GEMINI.md', 'AGENTS.md']);
  });

  it('skips a missing (not passed) or empty file and says nothing is there when none has text', () => {
    const m = mergeRules([{ path: 'AGENTS.md', bytes: enc('  \n') }, { path: '.gemini/instructions.md', bytes: enc('Be brief.') }]);
    assert.equal(m.text, `${rulesHeader('.gemini/instructions.md')}\n\nBe brief.`);
    assert.deepEqual(m.used, ['.gemini/instructions.md']);
    assert.deepEqual(mergeRules([]), { used: [], cuts: [] });
  });

  it('cuts a file to its own cap and reports it', () => {
    const m = mergeRules([{ path: 'AGENTS.md', bytes: enc('abcdefghij') }, { path: 'GEMINI.md', bytes: enc('xyz') }], 4, 1000);
    assert.match(m.text!, /AGENTS\.md ---\n\nabcd\n\n/);
    assert.deepEqual(m.cuts, [{ path: 'AGENTS.md', reason: 'file' }]);
    // Cut while reading (the host read only the cap's worth): reported too.
    assert.deepEqual(mergeRules([{ path: 'A.md', bytes: enc('ab'), cut: true }], 4, 1000).cuts, [{ path: 'A.md', reason: 'file' }]);
  });

  it('holds the total cap (headers included) and names every file cut or left out', () => {
    const first = `${rulesHeader('AGENTS.md')}\n\n`;
    const total = enc(first).byteLength + 10;
    const m = mergeRules([{ path: 'AGENTS.md', bytes: enc('0123456789ABCDEF') }, { path: 'GEMINI.md', bytes: enc('never sent') }], 1000, total);
    assert.equal(m.text, `${first}0123456789`);
    assert.ok(enc(m.text!).byteLength <= total);
    assert.deepEqual(m.used, ['AGENTS.md']);
    assert.deepEqual(m.cuts, [{ path: 'AGENTS.md', reason: 'total' }, { path: 'GEMINI.md', reason: 'total' }]);
  });

  it('never cuts in the middle of a multi-byte character', () => {
    // 'é' is 2 bytes, '😀' is 4: a cap that falls inside either keeps the whole characters before it.
    assert.deepEqual(utf8Prefix(enc('aé'), 2), { text: 'a', cut: true });
    assert.deepEqual(utf8Prefix(enc('a😀b'), 3), { text: 'a', cut: true });
    assert.deepEqual(utf8Prefix(enc('a😀b'), 5), { text: 'a😀', cut: true });
    assert.deepEqual(utf8Prefix(enc('aé'), 3), { text: 'aé', cut: false });
    // The host's read already stopped at the cap, in the middle of a character: that half is dropped too.
    assert.deepEqual(utf8Prefix(enc('ab😀').subarray(0, 4), 100, true), { text: 'ab', cut: true });
    assert.deepEqual(utf8Prefix(enc('abé').subarray(0, 4), 100, true), { text: 'abé', cut: true });
    const read = mergeRules([{ path: 'AGENTS.md', bytes: enc('Règles 😀').subarray(0, 11), cut: true }]);
    assert.equal(read.text, `${rulesHeader('AGENTS.md')}\n\nRègles`);
    assert.deepEqual(read.cuts, [{ path: 'AGENTS.md', reason: 'file' }]);
    const m = mergeRules([{ path: 'AGENTS.md', bytes: enc('Soyez polis ' + '😀'.repeat(10)) }], 14);
    assert.ok(!m.text!.includes('\uFFFD'), 'no replacement character');
    assert.ok(m.text!.endsWith('Soyez polis'), m.text);
  });

  it('puts the user\'s system instruction first, then the rules files; either alone otherwise', () => {
    assert.equal(combineSystemInstruction('Be formal.', 'RULES'), 'Be formal.\n\nRULES');
    assert.equal(combineSystemInstruction('  ', 'RULES'), 'RULES');
    assert.equal(combineSystemInstruction('Be formal.', undefined), 'Be formal.');
    assert.equal(combineSystemInstruction(undefined, undefined), undefined);
  });
});
