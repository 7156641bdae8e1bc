// The extension as VS Code sees it: installed, activated, its commands and settings contributed.
// Runs in the real extension host (code-server or Electron), against the real vscode API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'gemini-interactions-team.gemini-interactions';
const COMMANDS = ['newChat', 'explainSelection', 'askAboutFile', 'setApiKey', 'clearApiKey']
  .map((c) => `geminiInteractions.${c}`);

describe('activation', () => {
  it('the extension is present', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not loaded`);
  });

  it('activates when its chat view is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    // Opening the contributed view is what a user does first; it fires onView activation.
    await vscode.commands.executeCommand('workbench.view.extension.geminiInteractions');
    const deadline = Date.now() + 10_000;
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (!ext.isActive) await ext.activate(); // surfaces the activation error, if any
    assert.equal(ext.isActive, true);
  });

  it('registers every command', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !all.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  it('runs Gemini: New Chat without error', async () => {
    await vscode.commands.executeCommand('geminiInteractions.newChat');
  });

  it('reads its settings with the defaults from package.json', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const props = pkg.contributes.configuration.properties;
    const config = vscode.workspace.getConfiguration('geminiInteractions');
    assert.equal(config.get('apiBaseUrl'), props['geminiInteractions.apiBaseUrl'].default);
    assert.equal(config.get('model'), props['geminiInteractions.model'].default);
    assert.equal(config.get('model'), 'gemini-3.8-flash');
    assert.equal(config.inspect('apiBaseUrl')?.defaultValue, '');
  });
});
