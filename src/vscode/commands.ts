import * as vscode from 'vscode';
import type { ApiKeyStore } from './apiKey';
import type { ChatController } from './chatController';
import type { ChatViewProvider } from './chatView';
import { selectionPrompt } from '../core/prompts';

export interface CommandDeps {
  controller: ChatController;
  view: ChatViewProvider;
  keys: ApiKeyStore;
  showLog(): void;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, view, keys } = deps;
  const reg = vscode.commands.registerCommand;
  return [
    reg('geminiInteractions.newChat', async () => {
      await view.reveal();
      await controller.newChat();
    }),

    reg('geminiInteractions.showConversations', async () => {
      await view.reveal();
      controller.showHistory();
    }),

    reg('geminiInteractions.setApiKey', async (value?: unknown) => {
      // An argument lets automation set the key without the input box; people get a password box.
      const key = typeof value === 'string' ? value : await vscode.window.showInputBox({
        title: 'Gemini API Key',
        prompt: 'Paste your Gemini API key (from Google AI Studio). It is stored in VS Code\'s secret storage.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length < 8 ? 'That does not look like an API key.' : undefined),
      });
      if (!key?.trim()) return;
      await keys.set(key.trim());
      void vscode.window.showInformationMessage('Gemini API key saved in secret storage.');
    }),

    reg('geminiInteractions.clearApiKey', async () => {
      await keys.clear();
      const env = (await keys.get())?.source === 'environment';
      void vscode.window.showInformationMessage(env
        ? 'Gemini API key removed from secret storage. The GEMINI_API_KEY environment variable is still used.'
        : 'Gemini API key removed from secret storage.');
    }),

    reg('geminiInteractions.showLog', () => deps.showLog()),

    reg('geminiInteractions.explainSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage('Open a file and select some code to explain.');
        return;
      }
      const doc = editor.document;
      const selections = editor.selections.filter((s) => !s.isEmpty);
      if (!selections.length) {
        void vscode.window.showInformationMessage('Nothing is selected: select the code you want explained.');
        return;
      }
      const prompt = selectionPrompt({
        path: vscode.workspace.asRelativePath(doc.uri, false),
        languageId: doc.languageId,
        selections: selections.map((s) => ({ startLine: s.start.line + 1, endLine: s.end.line + 1, text: doc.getText(s) })),
      });
      await view.reveal();
      await controller.send(prompt);
    }),

    reg('geminiInteractions.askAboutFile', async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
      const targets = uris?.length ? uris : uri ? [uri] : vscode.window.activeTextEditor ? [vscode.window.activeTextEditor.document.uri] : [];
      if (!targets.length) {
        void vscode.window.showInformationMessage('Choose a file in the Explorer or open one in the editor.');
        return;
      }
      const question = await vscode.window.showInputBox({ title: 'Ask Gemini about the file', value: 'Explain this file', prompt: 'Your question' });
      if (!question) return;
      const parts: string[] = [question];
      for (const target of targets) {
        const bytes = await vscode.workspace.fs.readFile(target);
        const path = vscode.workspace.asRelativePath(target, false);
        parts.push(`\n\nFile \`${path}\`:\n\`\`\`\n${new TextDecoder().decode(bytes)}\n\`\`\``);
      }
      await view.reveal();
      await controller.send(parts.join(''));
    }),

    // Internal, for tests and diagnostics: where the key comes from, never the key itself.
    reg('geminiInteractions.internal.keySource', async () => (await keys.get())?.source ?? 'none'),
  ];
}
