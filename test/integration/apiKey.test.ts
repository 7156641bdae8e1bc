// The API key round trip through the real SecretStorage, and a real request reaching the API with it:
// Explain Selection in the extension host → the SDK → the emulator (started inside the host).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { waitFor } from './support';

const keySource = () => vscode.commands.executeCommand<string>('geminiInteractions.internal.keySource');

describe('API key and a real request', function () {
  this.timeout(30_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');

  before(async () => {
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('geminiInteractions.clearApiKey');
    await emu.close();
  });

  it('stores the key in SecretStorage and removes it again', async () => {
    await vscode.commands.executeCommand('geminiInteractions.setApiKey', 'integration-key-123');
    assert.equal(await keySource(), 'secretStorage');
    await vscode.commands.executeCommand('geminiInteractions.clearApiKey');
    assert.equal(await keySource(), process.env.GEMINI_API_KEY ? 'environment' : 'none');
  });

  it('never writes the key into the settings', async () => {
    await vscode.commands.executeCommand('geminiInteractions.setApiKey', 'integration-key-456');
    const all = JSON.stringify(vscode.workspace.getConfiguration('geminiInteractions'));
    assert.doesNotMatch(all, /integration-key-456/);
  });

  it('Explain Selection sends the selected code with path and lines, with the stored key', async () => {
    await vscode.commands.executeCommand('geminiInteractions.setApiKey', 'test-key');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const uri = vscode.Uri.joinPath(folder.uri, 'src', 'explain-me.ts');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('const a = 1;\nexport function twice(x: number) {\n  return x * 2;\n}\n'));
    const editor = await vscode.window.showTextDocument(uri);
    editor.selection = new vscode.Selection(1, 0, 3, 1);
    await vscode.commands.executeCommand('geminiInteractions.explainSelection');

    const create = await waitFor('the create request', () => emu.requests().find((r) => r.op === 'create'));
    assert.equal(create.status, 200, 'the emulator accepted the stored key');
    const input = (create.body as { input: { type: string; text: string }[] }).input;
    assert.equal(input[0].type, 'text');
    assert.match(input[0].text, /`src\/explain-me\.ts`, lines 2-4:\n```typescript\nexport function twice\(x: number\) \{\n {2}return x \* 2;\n\}\n```/);
    await waitFor('the streamed answer to be read', () => emu.requests().length >= 1 && emu.stats().interactions >= 1);
  });
});
