// The edit tools' checkpoints (each turn's files before and after, in workspace state) go with their
// conversation: deleting one conversation forgets its turns' checkpoints and keeps the others', and
// "Delete all conversations" forgets them all. A forgotten checkpoint cannot be undone any more.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd, waitFor } from './support';

type Undo = { restored: string[]; refused: string[] } | undefined;

describe('checkpoints go with their conversations', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const file = (rel: string) => path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, rel);
  const touched = ['apiBaseUrl', 'tools.workspace'];
  let saved: Record<string, unknown> = {};

  before(async () => {
    saved = Object.fromEntries(touched.map((k) => [k, config().inspect(k)?.globalValue]));
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await config().update('tools.workspace', true, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
  });
  after(async () => {
    for (const k of touched) await config().update(k, saved[k], vscode.ConfigurationTarget.Global);
    for (const f of ['cp-a.txt', 'cp-b.txt', 'cp-c.txt', 'cp-d.txt', 'cp-e.txt']) fs.rmSync(file(f), { force: true });
    await cmd('newChat');
    await cmd('clearApiKey');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emu.close();
  });

  /** A new conversation whose model rewrites `rel` (a file not edited before; allowed once): its turn and conversation ids. */
  async function editInNewChat(rel: string): Promise<{ turnId: string; conversationId: string }> {
    await cmd('newChat');
    fs.writeFileSync(file(rel), 'before\n');
    emu.queueScenario([{ name: 'function_call', function: 'propose_edit', args: { path: rel, content: 'after\n' } }, { name: 'text', text: 'Done.', thought: false }]);
    const done = Promise.resolve(cmd('internal.send', `Rewrite ${rel}`));
    await waitFor('the approval', async () => ((await cmd<unknown[]>('internal.pendingApprovals'))?.length ? true : undefined));
    await cmd('internal.answerApproval', 'once');
    await done;
    assert.equal(fs.readFileSync(file(rel), 'utf8'), 'after\n');
    const turn = await cmd<{ id: string }>('internal.lastModelTurn');
    return { turnId: turn!.id, conversationId: (await cmd<string>('internal.currentConversationId'))! };
  }

  /** The turn's checkpoint is gone: undo finds nothing, and the file keeps the edit. */
  async function forgotten(turnId: string, rel: string): Promise<void> {
    assert.equal(await cmd<Undo>('internal.undoTurnChanges', turnId, true), undefined, `${rel}: nothing left to undo`);
    assert.equal(fs.readFileSync(file(rel), 'utf8'), 'after\n');
  }

  it('deleting a conversation (stored, or the current one) forgets its checkpoints and keeps the others\'', async () => {
    const a = await editInNewChat('cp-a.txt');
    const b = await editInNewChat('cp-b.txt');
    await cmd('internal.deleteConversation', a.conversationId);
    await forgotten(a.turnId, 'cp-a.txt');
    // The other conversation's change can still be undone.
    assert.deepEqual(await cmd<Undo>('internal.undoTurnChanges', b.turnId, true), { restored: ['cp-b.txt'], refused: [] });
    assert.equal(fs.readFileSync(file('cp-b.txt'), 'utf8'), 'before\n');

    const c = await editInNewChat('cp-c.txt');
    await cmd('internal.deleteConversation');
    await forgotten(c.turnId, 'cp-c.txt');
  });

  it('Delete all conversations forgets every checkpoint', async () => {
    const d = await editInNewChat('cp-d.txt');
    const e = await editInNewChat('cp-e.txt');
    await cmd('internal.deleteAllConversations');
    await forgotten(d.turnId, 'cp-d.txt');
    await forgotten(e.turnId, 'cp-e.txt');
  });
});
