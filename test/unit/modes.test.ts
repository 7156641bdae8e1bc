// The composer's modes in core: which function tools each mode declares (out of those the settings allow), the
// Plan checklist read from an answer and written back, and the function result of a call to an undeclared tool.
import { strict as assert } from 'node:assert';
import { MODE_TOOLS, toolsForMode } from '../../src/core/modes/modeTools';
import { isChatMode } from '../../src/core/modes/chatModes';
import { PLAN_MODE_INSTRUCTION, withModeInstruction } from '../../src/core/modes/modeInstruction';
import { carryOutInstruction, parsePlanChecklist, serializePlan } from '../../src/core/modes/planChecklist';
import { splitUndeclared, undeclaredToolResult } from '../../src/core/modes/undeclaredCalls';
import { WORKSPACE_TOOLS } from '../../src/core/tools/workspaceTools';
import { EDIT_TOOLS } from '../../src/core/tools/editTools';
import { conversationToJson, conversationToMarkdown } from '../../src/core/history/exportConversation';
import type { ConversationData } from '../../src/core/conversation/types';

const names = (fs: { name: string }[]) => fs.map((f) => f.name);
const READ = names([...WORKSPACE_TOOLS]);
const EDIT = names([...EDIT_TOOLS]);
const ALL = [...WORKSPACE_TOOLS, ...EDIT_TOOLS];

describe('modes: the tools each mode declares', () => {
  it('Ask declares none of the extension\'s tools, Plan only the read tools, Agent read and edit', () => {
    assert.deepEqual(toolsForMode('ask', ALL), []);
    assert.deepEqual(names(toolsForMode('plan', ALL)), READ);
    assert.deepEqual(names(toolsForMode('agent', ALL)), [...READ, ...EDIT]);
    for (const e of EDIT) assert.ok(!names(toolsForMode('plan', ALL)).includes(e), `${e} must not be declared in Plan mode`);
  });
  it('never adds a tool the settings left out (the settings are the ceiling)', () => {
    assert.deepEqual(names(toolsForMode('agent', [...WORKSPACE_TOOLS])), READ);
    assert.deepEqual(toolsForMode('plan', []), []);
  });
  it('leaves functions that are not the extension\'s own alone', () => {
    const other = { name: 'vscode_tool', description: 'x', parameters: {} };
    assert.deepEqual(names(toolsForMode('ask', [other, ...ALL])), ['vscode_tool']);
  });
  it('has a family list per mode and recognises mode names', () => {
    assert.deepEqual(Object.keys(MODE_TOOLS).sort(), ['agent', 'ask', 'plan']);
    assert.ok(isChatMode('plan'));
    assert.ok(!isChatMode('Plan'));
    assert.ok(!isChatMode(undefined));
  });
  it('asks for a checklist in Plan mode only, after the configured instruction', () => {
    assert.equal(withModeInstruction('agent', 'Be brief.'), 'Be brief.');
    assert.equal(withModeInstruction('ask', undefined), undefined);
    assert.equal(withModeInstruction('plan', undefined), PLAN_MODE_INSTRUCTION);
    assert.equal(withModeInstruction('plan', 'Be brief.'), `Be brief.\n\n${PLAN_MODE_INSTRUCTION}`);
    assert.match(PLAN_MODE_INSTRUCTION, /- \[ \] /);
  });
});

describe('modes: the plan checklist', () => {
  it('reads the last task list of an answer', () => {
    const md = 'I looked at it.\n\n- [ ] first draft\n\nSome text.\n\n## Plan\n\n- [ ] Read `src/a.ts`\n- [x] Write the test\n* [ ] Run it\n1. [ ] Ship\n\nThat is all.';
    assert.deepEqual(parsePlanChecklist(md), [
      { text: 'Read `src/a.ts`', done: false }, { text: 'Write the test', done: true }, { text: 'Run it', done: false }, { text: 'Ship', done: false },
    ]);
  });
  it('keeps items separated by blank lines together and joins indented continuation lines', () => {
    const md = '- [ ] One\n  more of one\n\n- [ ] Two\n    - [ ] Two, nested';
    assert.deepEqual(parsePlanChecklist(md)?.map((i) => i.text), ['One more of one', 'Two', 'Two, nested']);
  });
  it('ignores task lines in code blocks and answers without a list', () => {
    assert.equal(parsePlanChecklist('```md\n- [ ] not a plan\n```\nDone.'), undefined);
    assert.equal(parsePlanChecklist('- plain bullet\n- another'), undefined);
    assert.equal(parsePlanChecklist(''), undefined);
    assert.deepEqual(parsePlanChecklist('- [ ] real\n```\n- [ ] code\n```')?.map((i) => i.text), ['real']);
  });
  it('writes the edited checklist back, without empty items, one line each', () => {
    const items = [{ text: 'Read\nthe code', done: false }, { text: '   ', done: false }, { text: 'Done already', done: true }];
    assert.equal(serializePlan(items), '- [ ] Read the code\n- [x] Done already');
    assert.deepEqual(parsePlanChecklist(serializePlan(items)), [{ text: 'Read the code', done: false }, { text: 'Done already', done: true }]);
    assert.equal(carryOutInstruction(items, 'Carry out this plan:'), 'Carry out this plan:\n\n- [ ] Read the code\n- [x] Done already');
  });
});

describe('modes: calls to tools the request did not declare', () => {
  it('says which tool, which mode, that nothing ran and what the model can do instead', () => {
    const text = undeclaredToolResult('write_file', 'plan', READ);
    assert.match(text, /^write_file is not available in Plan mode: it was not run and the user was not asked/);
    assert.match(text, /read_file, list_directory/);
    assert.match(text, /Do not call it again/);
    assert.match(text, /Agent mode/);
    assert.match(undeclaredToolResult('read_file', 'ask', []), /^read_file is not available in Ask mode: .*this turn declared no function tools/);
    assert.match(undeclaredToolResult('x', undefined, ['a']), /^x is not available in this request/);
  });
  it('shows a hostile name escaped, on one line', () => {
    const text = undeclaredToolResult('evil\nname"', 'plan', []);
    assert.ok(!text.includes('\n'));
    assert.match(text, /^evil\\nname\\" is not available/);
  });
  it('splits calls by the declared names', () => {
    const calls = [{ name: 'read_file', id: '1' }, { name: 'write_file', id: '2' }];
    const out = splitUndeclared(calls, new Set(['read_file']));
    assert.deepEqual(out.declared.map((c) => c.id), ['1']);
    assert.deepEqual(out.undeclared.map((c) => c.id), ['2']);
  });
});

describe('modes: the mode of each turn in an export', () => {
  const turn = (id: string, mode?: 'plan' | 'agent') => ({ role: 'model' as const, id, model: 'gemini-3.8-flash', state: 'done' as const, parts: [{ kind: 'text' as const, text: 'ok' }], interactionIds: [], startedAt: 1, ...(mode ? { mode } : {}) });
  const data: ConversationData = { id: 'c', title: 't', createdAt: 1, updatedAt: 2, turns: [turn('a'), turn('b', 'plan'), turn('c', 'agent')] };
  it('names it in the Markdown heading of the answer, and keeps it in the JSON', () => {
    const md = conversationToMarkdown(data, 'media').markdown;
    assert.match(md, /## Gemini \(gemini-3\.8-flash\)\n/);
    assert.match(md, /## Gemini \(gemini-3\.8-flash, Plan mode\)/);
    assert.match(md, /## Gemini \(gemini-3\.8-flash, Agent mode\)/);
    assert.deepEqual(JSON.parse(conversationToJson(data)).turns.map((t: { mode?: string }) => t.mode), [undefined, 'plan', 'agent']);
  });
});
