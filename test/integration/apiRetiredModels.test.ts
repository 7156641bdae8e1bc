// The retired-model notice from what the API says, in the extension host against the emulator: ids in the
// settings that the key's model list lacks are asked about (models.get: 404 = retired, another name =
// rerouted), named in the notice, and its button writes current ids where they were set.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd } from './support';

type Check = { result: string; said?: string };

describe('retired and rerouted models from the API list', function () {
  this.timeout(30_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  let saved: unknown[] = [];

  before(async () => {
    saved = [config().inspect('model')?.globalValue, config().inspect('models')?.globalValue];
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    // Set API Key lists the models once and keeps the list (cached for this key).
    const r = await vscode.commands.executeCommand<{ result: string }>('geminiInteractions.setApiKey', 'test-key');
    assert.equal(r.result, 'ok');
  });
  after(async () => {
    await config().update('model', saved[0], vscode.ConfigurationTarget.Global);
    await config().update('models', saved[1], vscode.ConfigurationTarget.Global);
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('geminiInteractions.clearApiKey');
    await emu.close();
  });

  it('an unlisted retired id (404) and a rerouted one are named and replaced with current ids', async () => {
    await config().update('model', 'gemini-3-flash-preview', vscode.ConfigurationTarget.Global);
    await config().update('models', ['gemini-2.0-flash', 'gemini-3.8-flash', 'gemini-3-flash-preview'], vscode.ConfigurationTarget.Global);
    emu.clearRequests();
    const r = await cmd<Check>('internal.checkApiRetiredModels', true);
    assert.equal(r?.result, 'replaced', r?.said);
    assert.match(r!.said!, /no longer offers gemini-2\.0-flash and gemini-3-flash-preview/);
    assert.equal(config().inspect('model')?.globalValue, 'gemini-3.8-flash');
    assert.deepEqual(config().inspect('models')?.globalValue, ['gemini-3.8-flash']);
    const ops = emu.requests().map((q) => `${q.op} ${q.path} ${q.status}`);
    assert.deepEqual(ops.sort(), ['models.get /v1beta/models/gemini-2.0-flash 404', 'models.get /v1beta/models/gemini-3-flash-preview 200'],
      'the cached list is used (no second models.list); only the unlisted ids are asked about');
    assert.equal((await cmd<Check>('internal.checkApiRetiredModels', true))?.result, 'none', 'fixed: nothing to say');
  });

  it('a dismissed notice is not shown again for the same id, and nothing is written', async () => {
    await config().update('models', undefined, vscode.ConfigurationTarget.Global);
    await config().update('model', 'gemini-1.5-flash', vscode.ConfigurationTarget.Global);
    const first = await cmd<Check>('internal.checkApiRetiredModels', false);
    assert.equal(first?.result, 'dismissed');
    assert.match(first!.said!, /says gemini-1\.5-flash is retired/);
    assert.equal((await cmd<Check>('internal.checkApiRetiredModels', false))?.result, 'shown-before');
    assert.equal(config().inspect('model')?.globalValue, 'gemini-1.5-flash');
  });
});
