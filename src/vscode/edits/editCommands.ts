// The edits' commands and panel messages: accept or reject a proposal in the diff editor's title bar, a code
// block's "Apply to file" and its status buttons, a turn's changed files (diff, undo).
import * as vscode from 'vscode';
import type { CommandHandlers } from '../panel/router';
import type { ApplyCode } from './applyCode';
import type { ChangedFiles } from './changedFiles';

export function registerEditCommands(apply: ApplyCode): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    // The diff editor's title bar passes the proposal document's URI; the palette passes nothing.
    reg('geminiInteractions.acceptProposal', (uri?: unknown) => apply.proposals.accept(uri instanceof vscode.Uri ? uri : undefined)),
    reg('geminiInteractions.rejectProposal', (uri?: unknown) => apply.proposals.reject(uri instanceof vscode.Uri ? uri : undefined)),
  ];
}

export function editHandlers(apply: ApplyCode, changed: ChangedFiles): Pick<CommandHandlers, 'applyCode' | 'applyAction' | 'openChangeDiff' | 'undoTurnChanges'> {
  return {
    applyCode: (m) => apply.apply(m),
    applyAction: (m) => apply.action(m.applyId, m.action),
    openChangeDiff: (m) => changed.openChangeDiff(m.turnId, m.path),
    undoTurnChanges: async (m) => { await changed.undoTurnChanges(m.turnId); },
  };
}
