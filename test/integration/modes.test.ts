// The composer's modes in the real extension host against the emulator: the default from
// geminiInteractions.chat.defaultMode, the workspace's choice over it, what each mode declares in the request the
// emulator received, and a call to an undeclared tool in Plan mode refused without an approval being asked.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd, waitFor } from './support';

type Turn = { state: string; mode?: string; parts: { kind: string; name?: string; result?: string; isError?: boolean }[] };

describe('modes (Ask, Plan, Agent) in VS Code', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  const creates = () => emu.requests().filter((r) => r.op === 'create' && r.status === 200).map((r) => r.body as Record<string, any>);
  const functions = (body: Record<string, any>): string[] => (body.tools ?? []).filter((t: any) => t.type === 'function').map((t: any) => t.name);
  const touched = ['apiBaseUrl', 'tools.workspace', 'chat.defaultMode'];
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
    await cmd('internal.setMode', undefined);
    await cmd('newChat');
    await cmd('clearApiKey');
    await emu.close();
  });
  beforeEach(async () => {
    emu.reset();
    await cmd('internal.setMode', undefined);
    await cmd('newChat');
  });

  async function sendAndWait(text: string): Promise<Turn> {
    assert.equal(await cmd('internal.send', text), true);
    return waitFor('the answer', async () => {
      const t = await cmd<Turn>('internal.lastModelTurn');
      return t && t.state !== 'streaming' ? t : undefined;
    });
  }

  it('starts in the mode of geminiInteractions.chat.defaultMode: Ask declares no workspace tool', async () => {
    await config().update('chat.defaultMode', 'ask', vscode.ConfigurationTarget.Global);
    assert.equal(await cmd('internal.chatMode'), 'ask');
    const t = await sendAndWait('What is a closure?');
    assert.equal(t.mode, 'ask');
    assert.deepEqual(functions(creates()[0]), []);
  });

  it('the workspace\'s choice wins over the setting; Plan declares the read tools only and refuses create_file without asking', async () => {
    await config().update('chat.defaultMode', 'ask', vscode.ConfigurationTarget.Global);
    await cmd('internal.setMode', 'plan');
    assert.equal(await cmd('internal.chatMode'), 'plan');
    // An edit tool the extension has (Agent would ask for approval, then write): in Plan mode, not declared.
    emu.queueScenario({ name: 'undeclared_call', function: 'create_file', args: { path: 'plan-mode-wrote-this.txt', content: 'x' } });
    const t = await sendAndWait('Write my notes');
    assert.equal(t.mode, 'plan');
    assert.deepEqual(await cmd('internal.pendingApprovals'), [], 'no approval was asked');
    const [first, second] = creates();
    assert.deepEqual(functions(first), ['read_file', 'list_directory', 'find_files', 'search_text', 'get_diagnostics', 'list_open_editors']);
    assert.match(first.system_instruction, /Plan mode/);
    assert.equal(second.input[0].type, 'function_result');
    assert.equal(second.input[0].is_error, true);
    assert.match(second.input[0].result, /^create_file is not available in Plan mode/);
    const refused = t.parts.find((p) => p.kind === 'functionResult');
    assert.ok(refused?.isError && /not available in Plan mode/.test(refused.result ?? ''));
    // Nothing was written.
    const file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'plan-mode-wrote-this.txt');
    assert.equal(await vscode.workspace.fs.stat(file).then(() => true, () => false), false);
  });

  it('Agent (the default) declares the read and edit tools', async () => {
    await config().update('chat.defaultMode', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(await cmd('internal.chatMode'), 'agent');
    emu.queueScenario({ name: 'text' });
    const t = await sendAndWait('Hello');
    assert.equal(t.mode, 'agent');
    assert.ok(functions(creates()[0]).includes('propose_edit'));
  });
});
