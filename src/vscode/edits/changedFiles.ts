// A turn's changed files: what the edit tools wrote is listed on the turn and in the view (one entry per
// file, counts added up), one file's diff opens before ↔ after the turn, and the turn's changes can be undone.
import * as vscode from 'vscode';
import type { ChangedFile } from '../../core/conversation/types';
import type { ChatPanel } from '../panel/chatPanel';
import type { FileEdits } from './fileEdits';

export class ChangedFiles implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly panel: ChatPanel,
    private readonly edits: FileEdits,
    onDidChangeFile: vscode.Event<{ turnId: string; file: ChangedFile }>,
  ) {
    this.subscription = onDidChangeFile(({ turnId, file }) => this.fileChanged(turnId, file));
  }

  /** An allowed edit tool wrote a file: the turn lists it (one entry per file, counts added up). */
  private fileChanged(turnId: string, file: ChangedFile): void {
    const turn = this.panel.modelTurn(turnId);
    if (!turn) return;
    const files = turn.changedFiles ?? [];
    const same = files.find((f) => f.path === file.path && !f.undone);
    if (same) { same.added += file.added; same.removed += file.removed; same.kind = same.kind === 'create' && file.kind !== 'delete' ? 'create' : file.kind; }
    else files.push({ ...file });
    turn.changedFiles = files;
    this.panel.post({ type: 'changedFiles', turnId, files });
  }

  async openChangeDiff(turnId: string, path: string): Promise<void> {
    const c = this.edits.change(turnId, path);
    if (!c) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The change to {0} is no longer recorded (it was undone, or the turn is too old).', path));
      return;
    }
    await this.edits.previews.diff(path, c.before, c.after, vscode.l10n.t('{0}: before ↔ after Gemini\'s turn', path));
  }

  /** "Undo changes from this turn"; `confirm` answers the confirmation (tests). */
  async undoTurnChanges(turnId: string, confirm?: boolean): Promise<{ restored: string[]; refused: string[] } | undefined> {
    const result = await this.edits.undoTurn(turnId, confirm);
    const turn = this.panel.modelTurn(turnId);
    if (result && turn?.changedFiles) {
      for (const f of turn.changedFiles) if (result.restored.includes(f.path)) f.undone = true;
      this.panel.post({ type: 'changedFiles', turnId, files: turn.changedFiles });
      await this.panel.saveCurrent();
    }
    return result;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
