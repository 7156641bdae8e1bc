// Apply to file in the real extension host: a code block becomes a proposal in the diff editor, Accept
// writes it through a WorkspaceEdit (undo takes it back), Reject leaves the file alone, a fragment is
// merged by a second request to the emulator, a stale file is never overwritten, and unsafe targets are
// refused.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import type { ApplyStatus } from '../../src/core/panel/protocol';
import { cmd, waitFor } from './support';



describe('apply to file through a diff review', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let n = 0;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const file = (rel: string) => path.join(root(), rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  let savedBase: unknown;

  async function apply(msg: { code: string; info?: string; before?: string; turnId?: string }): Promise<{ id: string; status: () => Promise<ApplyStatus | undefined> }> {
    const id = `t${++n}`;
    await cmd('internal.apply', { applyId: id, ...msg });
    return { id, status: () => Promise.resolve(cmd<ApplyStatus | undefined>('internal.applyStatus', id)) };
  }
  const settled = async (a: { status: () => Promise<ApplyStatus | undefined> }, state?: ApplyStatus['state']) =>
    waitFor(`apply ${state ?? 'to settle'}`, async () => {
      const s = await a.status();
      return s && s.state !== 'merging' && (!state || s.state === state) ? s : undefined;
    });
  const proposalTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'gemini-proposal');

  before(async () => {
    savedBase = config().inspect('apiBaseUrl')?.globalValue;
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
  });
  after(async () => {
    await config().update('apiBaseUrl', savedBase, vscode.ConfigurationTarget.Global);
    await cmd('clearApiKey');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emu.close();
  });
  beforeEach(() => emu.reset());
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => {});
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a whole-file block opens a diff; nothing is written until Accept, which the editor can undo', async () => {
    fs.writeFileSync(file('apply-whole.ts'), 'export const answer = 41;\n');
    const a = await apply({ code: 'export const answer = 42;\n', info: 'ts apply-whole.ts' });
    const s = await settled(a, 'review');
    assert.equal(s.path, 'apply-whole.ts');
    const [tab] = proposalTabs();
    assert.ok(tab, 'the diff editor shows the proposal');
    const diff = tab.input as vscode.TabInputTextDiff;
    assert.equal(diff.original.fsPath, file('apply-whole.ts'), 'left: the file as it is');
    assert.equal((await vscode.workspace.openTextDocument(diff.modified)).getText(), 'export const answer = 42;\n', 'right: the proposal');
    assert.equal(read('apply-whole.ts'), 'export const answer = 41;\n', 'nothing written before Accept');

    assert.equal(await cmd('acceptProposal'), 'accepted');
    assert.equal(read('apply-whole.ts'), 'export const answer = 42;\n');
    assert.equal((await a.status())?.state, 'accepted');
    assert.equal(proposalTabs().length, 0, 'the diff closes');

    const doc = await vscode.workspace.openTextDocument(file('apply-whole.ts'));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), 'export const answer = 41;\n', 'undo in the editor restores the file');
  });

  it('Reject discards the proposal and leaves the file untouched', async () => {
    fs.writeFileSync(file('apply-reject.py'), 'print("old")\n');
    const a = await apply({ code: 'print("new")\n', before: '**apply-reject.py**' });
    await settled(a, 'review');
    assert.equal(await cmd('rejectProposal'), true);
    assert.equal((await a.status())?.state, 'rejected');
    assert.equal(read('apply-reject.py'), 'print("old")\n');
    assert.equal(proposalTabs().length, 0);
  });

  it('a new file named by the block is created only on Accept', async () => {
    const target = file(path.join('generated', 'apply-new.md'));
    fs.rmSync(path.dirname(target), { recursive: true, force: true });
    const a = await apply({ code: '# New\n', info: 'md generated/apply-new.md' });
    await settled(a, 'review');
    assert.equal(fs.existsSync(target), false);
    assert.equal(await cmd('acceptProposal'), 'accepted');
    assert.equal(fs.readFileSync(target, 'utf8'), '# New\n');
  });

  it('a fragment is merged by a second request (same model, store: false) and the merged file is proposed', async () => {
    const original = Array.from({ length: 30 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    fs.writeFileSync(file('apply-fragment.ts'), original);
    const merged = original.replace('export const v7 = 7;', 'export const v7 = 700;');
    emu.queueScenario({ name: 'text', thought: false, text: `Here is the merged file:\n\n\`\`\`ts\n${merged}\`\`\`\n` });
    const a = await apply({ code: '// ... existing code ...\nexport const v7 = 700;\n// ... existing code ...\n', info: 'ts apply-fragment.ts' });
    await settled(a, 'review');
    const body = emu.requests().filter((r) => r.op === 'create').map((r) => r.body as Record<string, any>).at(-1)!;
    assert.equal(body.store, false);
    assert.equal(body.model, config().get('model'));
    assert.equal(body.previous_interaction_id, undefined);
    const sent = JSON.stringify(body.input);
    assert.ok(sent.includes('export const v29 = 29;'), 'the current file is sent');
    assert.ok(sent.includes('export const v7 = 700;'), 'the fragment is sent');
    const [tab] = proposalTabs();
    assert.equal((await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).modified)).getText(), merged);
    assert.equal(await cmd('acceptProposal'), 'accepted');
    assert.equal(read('apply-fragment.ts'), merged);
  });

  it('a file changed after the proposal is not overwritten: Accept says so', async () => {
    fs.writeFileSync(file('apply-stale.txt'), 'one\n');
    const a = await apply({ code: 'two\n', info: 'text apply-stale.txt' });
    await settled(a, 'review');
    fs.writeFileSync(file('apply-stale.txt'), 'edited by the user\n');
    assert.equal(await cmd('acceptProposal'), 'stale');
    assert.equal(read('apply-stale.txt'), 'edited by the user\n');
    const s = await a.status();
    assert.equal(s?.state, 'review');
    assert.match(s?.message ?? '', /changed after Gemini proposed this change\. Nothing was written/);
    await cmd('rejectProposal');
  });

  it('refuses targets outside the workspace, through links (out of it or into .git), in .git, binary and oversized files', async () => {
    fs.mkdirSync(file('.git'), { recursive: true });
    fs.writeFileSync(file('.git/config'), '[core]\n');
    const outside = fs.mkdtempSync(path.join(path.dirname(root()), 'outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret\n');
    fs.rmSync(file('link-out.txt'), { force: true });
    fs.symlinkSync(path.join(outside, 'secret.txt'), file('link-out.txt'));
    fs.writeFileSync(file('blob.bin'), Buffer.from([1, 2, 0, 3]));
    fs.writeFileSync(file('huge.txt'), 'x'.repeat(1024 * 1024 + 10));
    // A link named like a harmless file that leads into .git/ (its fsmonitor command would run on git status).
    fs.rmSync(file('git.ini'), { force: true });
    fs.symlinkSync(file('.git/config'), file('git.ini'));
    const cases: [string, RegExp][] = [
      ['git.ini', /git\.ini is reached through a link \(it leads to \.git\/config\)/],
      ['../outside.ts', /outside the workspace/],
      [path.join(outside, 'secret.txt'), /outside the workspace/],
      ['.git/config', /\.git\//],
      ['link-out.txt', /leads outside the workspace/],
      ['blob.bin', /binary/],
      ['huge.txt', /larger than/],
    ];
    for (const [target, why] of cases) {
      const a = await apply({ code: 'replacement\n', info: `text ${target}` });
      const s = await settled(a);
      assert.equal(s.state, 'failed', `${target}: ${JSON.stringify(s)}`);
      assert.match(s.message ?? '', why, target);
    }
    assert.equal(proposalTabs().length, 0, 'no diff was opened');
    assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'secret\n');
    assert.equal(read('.git/config'), '[core]\n');
    fs.rmSync(file('git.ini'), { force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('Improve Selection proposes the answer\'s code in place of the selection only', async () => {
    fs.writeFileSync(file('improve.js'), 'function a() {\n  var x = 1;\n  return x;\n}\n\nfunction b() { return 2; }\n');
    const doc = await vscode.workspace.openTextDocument(file('improve.js'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 3, 0); // the two body lines of a()
    emu.queueScenario({ name: 'text', thought: false, text: 'Use const:\n\n```js\n  const x = 1;\n  return x;\n```\n\nIt never changes.' });
    const r = await cmd<{ sent: boolean; proposed?: boolean }>('internal.improveSelection', 'Use const');
    assert.deepEqual(r, { sent: true, proposed: true });
    const sent = JSON.stringify(emu.requests().filter((q) => q.op === 'create').at(-1)!.body);
    assert.match(sent, /Use const\./);
    assert.match(sent, /var x = 1;/, 'the selection is sent');
    assert.doesNotMatch(sent, /function b\(\)/, 'the rest of the file is not');
    const turn = await cmd<{ id: string }>('internal.lastModelTurn');
    const s = await waitFor('the proposal', async () => {
      const x = await cmd<ApplyStatus | undefined>('internal.applyStatus', `improve-${turn!.id}`);
      return x?.state === 'review' ? x : undefined;
    });
    assert.equal(s.path, 'improve.js');
    assert.equal(read('improve.js').includes('var x'), true, 'nothing written yet');
    assert.equal(await cmd('acceptProposal'), 'accepted');
    assert.equal(read('improve.js'), 'function a() {\n  const x = 1;\n  return x;\n}\n\nfunction b() { return 2; }\n');
  });
});
