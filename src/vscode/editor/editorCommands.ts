// The editor's commands: Explain Selection, Ask About File (the files attached to a question) and
// Improve Selection. Each reveals the chat and resolves to what was sent, for automation and tests.
import * as vscode from 'vscode';
import type { InputPart } from '../../core/conversation/types';
import { escapeName, selectionMessage } from '../../core/editor/prompts';
import { promptTexts } from '../../core/editor/promptTexts';
import { argumentUse } from '../../core/util/commandArguments';
import type { Attachments, SendOptions } from '../attachments/attachments';
import { improveSelection, type ImproveDeps } from '../edits/improveSelection';
import { selectionFromEditor } from './selection';

export interface EditorCommandDeps {
  /** Sends a prepared message (no slash commands); resolves false when nothing was sent. */
  sendMessage(message: { parts: InputPart[]; text: string; source?: string }): Promise<boolean>;
  newChat(): Promise<void>;
  reveal(): Promise<void>;
  attachments: Pick<Attachments, 'sendWithFiles'>;
  improve: ImproveDeps;
  /** Only under a test runner: Ask About File's options may answer its questions (else they pre-fill them). */
  testMode: boolean;
}

/** What the editor commands resolve to (for automation and tests): whether a message was sent, and why not. */
export interface CommandResult {
  sent: boolean;
  problem?: string;
  reason?: string;
}

/**
 * Ask About File's optional third argument: the question the input box starts with. Under a test runner,
 * `skipQuestion: true` sends it without the box, and the SendOptions answer the other dialogs.
 */
export interface AskOptions extends SendOptions {
  question?: string;
  skipQuestion?: boolean;
}

function tell(message: string): CommandResult {
  void vscode.window.showInformationMessage(message);
  return { sent: false, problem: message };
}

/** A file as the input box names it: workspace-relative, else its full path or address (escaped). */
function shownPath(uri: vscode.Uri): string {
  const shown = vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri, false) : uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
  return escapeName(shown);
}

function activeResource(): vscode.Uri[] {
  const notebook = vscode.window.activeNotebookEditor?.notebook;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && doc.uri.scheme !== 'vscode-notebook-cell' && doc.uri.scheme !== 'output') return [doc.uri];
  return notebook ? [notebook.uri] : [];
}

export function registerEditorCommands(deps: EditorCommandDeps): vscode.Disposable[] {
  const { testMode } = deps;
  const reg = vscode.commands.registerCommand;
  return [
    reg('geminiInteractions.explainSelection', async (): Promise<CommandResult> => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return tell(vscode.l10n.t('Open a file and select some code to explain.'));
      const input = await selectionFromEditor(editor);
      if (!input) return tell(vscode.l10n.t('Nothing is selected, and the cursor is not inside a block (function, class, …): select the code you want explained.'));
      if (vscode.workspace.getConfiguration('geminiInteractions').get<boolean>('explainInNewChat', false)) await deps.newChat();
      await deps.reveal();
      // Sent as prepared parts, whose source is their own `source`: selectionMessage sets none, so Apply to
      // file on the answer does not default to this file (kept as it was; the split changed no behaviour).
      return { sent: await deps.sendMessage(selectionMessage(input, promptTexts(vscode.env.language))) };
    }),

    reg('geminiInteractions.improveSelection', () => improveSelection(deps.improve, vscode.window.activeTextEditor)),

    reg('geminiInteractions.askAboutFile', async (uri?: unknown, uris?: unknown, options?: AskOptions): Promise<CommandResult> => {
      // Explorer: (clicked, all selected); editor title: (uri, {groupId}); palette: nothing (the active editor).
      const targets = Array.isArray(uris) && uris.length && uris.every((u) => u instanceof vscode.Uri) ? uris as vscode.Uri[]
        : uri instanceof vscode.Uri ? [uri]
        : activeResource();
      if (!targets.length) return tell(vscode.l10n.t('Choose a file in the Explorer or open one in the editor.'));
      // The answers to the untrusted-workspace and first-part questions come only from tests.
      if (!testMode && options) options = { ...(typeof options.question === 'string' ? { question: options.question } : {}) };
      // A question from the arguments (a command link's too) only fills the box: the user still sends it,
      // seeing which files go with it (those outside the workspace by their full path).
      const use = argumentUse(typeof options?.question === 'string' ? options.question : undefined, testMode, options);
      const outside = targets.filter((u) => !vscode.workspace.getWorkspaceFolder(u));
      const question = !use.ask ? use.answer : await vscode.window.showInputBox({
        title: targets.length === 1 ? vscode.l10n.t('Ask Gemini about {0}', shownPath(targets[0])) : vscode.l10n.t('Ask Gemini about {0} files', targets.length),
        // The default question is sent to the model as written: in the display language, so is the answer.
        value: use.prefill ?? (targets.length === 1 ? vscode.l10n.t('Explain this file') : vscode.l10n.t('Explain these files')),
        prompt: outside.length
          ? vscode.l10n.t('Your question (the files are attached to it). Outside the workspace: {0}', outside.map(shownPath).join(', '))
          : vscode.l10n.t('Your question (the files are attached to it)'),
        ignoreFocusOut: true,
      });
      if (question === undefined) return { sent: false };
      await deps.reveal();
      return deps.attachments.sendWithFiles(question, targets.map((u) => ({ type: 'uri', uri: u })), options);
    }),
  ];
}
