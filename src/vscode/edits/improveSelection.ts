// Gemini: Improve Selection…: asks what to change, sends the selection (or the block around the cursor)
// with that instruction, and proposes the answer's code in place of the selection through the diff review.
import * as vscode from 'vscode';
import { improvePrompt, replacementFrom } from '../../core/edits/improve';
import { promptTexts } from '../../core/editor/promptTexts';
import { answerText } from '../../core/conversation/transcript';
import type { ModelTurn } from '../../core/conversation/types';
import { selectionFromEditor } from '../editor/selection';
import type { ApplyCode } from './applyCode';

export type ImproveResult = { sent: boolean; proposed?: boolean; message?: string };

/** What Improve Selection needs from the chat: send typed text, the answer, the diff review, the view. */
export interface ImproveDeps {
  send(text: string, opts: { source?: string }): Promise<boolean>;
  lastModelTurn(): ModelTurn | undefined;
  apply: Pick<ApplyCode, 'proposeReplacement'>;
  reveal(): Promise<void>;
}

export async function improveSelection(deps: ImproveDeps, editor: vscode.TextEditor | undefined,
  instruction?: string): Promise<ImproveResult> {
  const tell = (message: string): ImproveResult => { void vscode.window.showInformationMessage(message); return { sent: false, message }; };
  // It proposes a change to a file: off in Restricted Mode, as Apply to file and the edit tools are.
  if (!vscode.workspace.isTrusted) return tell(vscode.l10n.t('Improve Selection changes files, so it is off in an untrusted workspace (Restricted Mode).'));
  if (!editor) return tell(vscode.l10n.t('Open a file and select the code to improve.'));
  const doc = editor.document;
  if (!vscode.workspace.getWorkspaceFolder(doc.uri)) return tell(vscode.l10n.t('Improve Selection works on files of the open workspace.'));
  const input = await selectionFromEditor(editor);
  if (!input) return tell(vscode.l10n.t('Nothing is selected, and the cursor is not inside a block (function, class, …): select the code to improve.'));
  // One range: the primary selection, or the block around the cursor, in whole lines as selectionFromEditor took them.
  const first = input.selections[0]!;
  const range = editor.selection.isEmpty
    ? new vscode.Range(first.startLine - 1, 0, first.endLine - 1, doc.lineAt(first.endLine - 1).text.length)
    : new vscode.Range(editor.selection.start, editor.selection.end);
  const texts = promptTexts(vscode.env.language);
  const asked = instruction ?? await vscode.window.showInputBox({
    title: first.startLine === first.endLine
      ? vscode.l10n.t('Improve {0}, line {1}', input.path.split('/').pop()!, first.startLine)
      : vscode.l10n.t('Improve {0}, lines {1}-{2}', input.path.split('/').pop()!, first.startLine, first.endLine),
    value: texts.improveInstruction,
    prompt: vscode.l10n.t('What should change? The answer\'s code is shown as a diff for you to accept or reject.'),
    ignoreFocusOut: true,
  });
  if (asked === undefined) return { sent: false };
  const base = doc.getText();
  const start = doc.offsetAt(range.start);
  const end = doc.offsetAt(range.end);
  const text = improvePrompt(asked, { ...input, selections: [{ ...first, text: doc.getText(range) }] }, texts);
  await deps.reveal();
  const sent = await deps.send(text, { source: doc.uri.toString() });
  if (!sent) return { sent };
  const turn = deps.lastModelTurn();
  if (!turn || turn.state !== 'done') return { sent, proposed: false };
  const code = replacementFrom(answerText(turn));
  if (code === undefined) return { sent, proposed: false, message: vscode.l10n.t('The answer has no code block to apply.') };
  await deps.apply.proposeReplacement({ applyId: `improve-${turn.id}`, uri: doc.uri, base, start, end, code });
  return { sent, proposed: true };
}
