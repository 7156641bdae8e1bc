import * as vscode from 'vscode';
import { improveSelection } from './edits/improveSelection';
import type { ApiKeyStore } from './gemini/apiKeyStore';
import type { ChatController } from './panel/chatController';
import type { ChatViewProvider } from './panel/chatView';
import { selectionMessage } from '../core/editor/prompts';
import { promptTexts } from '../core/editor/promptTexts';
import { baseName } from '../core/attachments/content';
import type { Attachments, SendOptions } from './attachments/attachments';
import { selectionFromEditor } from './editor/selection';
import { checkNewKey } from './gemini/keyCheck';
import type { ListedModel } from '../core/gemini/client';

export interface CommandDeps {
  controller: ChatController;
  view: ChatViewProvider;
  keys: ApiKeyStore;
  attachments: Attachments;
  showLog(): void;
  /** Set API Key listed the models for a new key (the check call): the catalogue can keep them. */
  onModelsListed?(key: string, models: ListedModel[]): void;
  /**
   * Only under a test runner (ExtensionMode.Test): the internal.* commands exist and commands take the
   * arguments that skip a question (a key, "send untrusted"). Otherwise a command link in a hover or a
   * notebook could set the user's key or send files past the question.
   */
  testMode: boolean;
}

/** What the editor commands resolve to (for automation and tests): whether a message was sent, and why not. */
export interface CommandResult {
  sent: boolean;
  problem?: string;
  reason?: string;
}

/** Ask About File's optional third argument, for automation: the question, and answers to its dialogs. */
export interface AskOptions extends SendOptions {
  question?: string;
}

function tell(message: string): CommandResult {
  void vscode.window.showInformationMessage(message);
  return { sent: false, problem: message };
}

function activeResource(): vscode.Uri[] {
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.scheme !== 'vscode-notebook-cell' && doc.uri.scheme !== 'output') return [doc.uri];
  return notebook ? [notebook.uri] : [];
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, view, keys, testMode } = deps;
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
      // Tests set the key by argument; everyone else (a command link too) gets the password box.
      const key = testMode && typeof value === 'string' ? value : await vscode.window.showInputBox({
        title: vscode.l10n.t('Gemini API Key'),
        prompt: vscode.l10n.t('Paste your Gemini API key (from Google AI Studio). It is stored in VS Code\'s secret storage.'),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length < 8 ? vscode.l10n.t('That does not look like an API key.') : undefined),
      });
      if (!key?.trim()) return;
      await keys.set(key.trim());
      // Saved first (a key that cannot be checked now, offline, is still the user's choice), then checked.
      const check = await checkNewKey(key.trim());
      if (check.models) deps.onModelsListed?.(key.trim(), check.models);
      return { result: check.result, format: check.format, message: check.message, models: check.models?.length };
    }),

    reg('geminiInteractions.clearApiKey', async () => {
      await keys.clear();
      const env = (await keys.get())?.source === 'environment';
      void vscode.window.showInformationMessage(env
        ? vscode.l10n.t('Gemini API key removed from secret storage. The {0} environment variable is still used.', 'GEMINI_API_KEY')
        : vscode.l10n.t('Gemini API key removed from secret storage.'));
    }),

    reg('geminiInteractions.showLog', () => deps.showLog()),

    // The diff editor's title bar passes the proposal document's URI; the palette passes nothing.
    reg('geminiInteractions.acceptProposal', (uri?: unknown) => controller.apply.proposals.accept(uri instanceof vscode.Uri ? uri : undefined)),
    reg('geminiInteractions.rejectProposal', (uri?: unknown) => controller.apply.proposals.reject(uri instanceof vscode.Uri ? uri : undefined)),

    reg('geminiInteractions.explainSelection', async (): Promise<CommandResult> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return tell(vscode.l10n.t('Open a file and select some code to explain.'));
      const input = await selectionFromEditor(editor);
      if (!input) return tell(vscode.l10n.t('Nothing is selected, and the cursor is not inside a block (function, class, …): select the code you want explained.'));
      if (vscode.workspace.getConfiguration('geminiInteractions').get<boolean>('explainInNewChat', false)) await controller.newChat();
      await view.reveal();
      // Apply to file, on a block of the answer, goes back to this file by default.
      const source = vscode.workspace.getWorkspaceFolder(editor.document.uri) ? editor.document.uri.toString() : undefined;
      return { sent: await controller.send(selectionMessage(input, promptTexts(vscode.env.language)), { source }) };
    }),

    // From the history's context menu VS Code passes the item's data-vscode-context (its conversation id).
    reg('geminiInteractions.exportConversation', (context?: unknown) => {
      const id = (context as { conversationId?: unknown } | undefined)?.conversationId;
      return controller.exportConversation(typeof id === 'string' ? id : undefined);
    }),
    reg('geminiInteractions.improveSelection', () => improveSelection(controller, view, vscode.window.activeTextEditor)),

    reg('geminiInteractions.askAboutFile', async (uri?: unknown, uris?: unknown, options?: AskOptions): Promise<CommandResult> => {
      // Explorer: (clicked, all selected); editor title: (uri, {groupId}); palette: nothing (the active editor).
      const targets = Array.isArray(uris) && uris.length && uris.every((u) => u instanceof vscode.Uri) ? uris as vscode.Uri[]
        : uri instanceof vscode.Uri ? [uri]
        : activeResource();
      if (!targets.length) return tell(vscode.l10n.t('Choose a file in the Explorer or open one in the editor.'));
      // The answers to the untrusted-workspace and first-part questions come only from tests.
      if (!testMode && options) options = { ...(typeof options.question === 'string' ? { question: options.question } : {}) };
      const question = options?.question ?? await vscode.window.showInputBox({
        title: targets.length === 1 ? vscode.l10n.t('Ask Gemini about {0}', baseName(targets[0].path)) : vscode.l10n.t('Ask Gemini about {0} files', targets.length),
        // The default question is sent to the model as written: in the display language, so is the answer.
        value: targets.length === 1 ? vscode.l10n.t('Explain this file') : vscode.l10n.t('Explain these files'),
        prompt: vscode.l10n.t('Your question (the files are attached to it)'),
        ignoreFocusOut: true,
      });
      if (question === undefined) return { sent: false };
      await view.reveal();
      return deps.attachments.sendWithFiles(question, targets.map((u) => ({ type: 'uri', uri: u })), options);
    }),

    // Internal, for tests: where the key comes from, never the key itself.
    ...(testMode ? [reg('geminiInteractions.internal.keySource', async () => (await keys.get())?.source ?? 'none')] : []),
  ];
}
