// The edit tools' host side: turns a call into a planned change (checked like Apply to file: inside the
// workspace, links resolved, no .git/.vscode/node_modules, text only, size-limited), writes an allowed change
// as one WorkspaceEdit, keeps each turn's checkpoint (the files before and after), and undoes a turn's
// changes where the user has not edited the files since.
import * as vscode from 'vscode';
import { diffSummary, EditToolError, planEdit, type PlannedEdit } from '../../core/tools/editTools';
import type { ChangedFile, FunctionCall, Logger } from '../../core/conversation/types';
import { resolveWorkspacePath } from '../../core/tools/workspaceTools';
import { readTarget } from './editProposals';

const CHECKPOINTS_KEY = 'geminiInteractions.checkpoints';
/** Checkpoints of this many turns are kept (with the files' contents); older turns can no longer be undone. */
const MAX_TURNS = 30;

export interface PreparedEdit {
  call: FunctionCall;
  uri: vscode.Uri;
  relative: string;
  plan: PlannedEdit;
  kind: ChangedFile['kind'];
  summary: ReturnType<typeof diffSummary>;
}

interface StoredChange { uri: string; path: string; kind: ChangedFile['kind']; before?: string; after?: string }
type Stored = { turns: { turnId: string; changes: StoredChange[] }[] };

/** Read-only documents of before/after texts, for the diff editor. */
export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'gemini-preview';
  private readonly texts = new Map<string, string>();
  private seq = 0;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PreviewDocuments.scheme, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path.split('/')[1] ?? '') ?? '';
  }

  /** Opens before ↔ after of a file in the diff editor. */
  async diff(relative: string, before: string | undefined, after: string | undefined, title: string): Promise<void> {
    const doc = (text: string | undefined) => {
      const id = `d${++this.seq}`;
      this.texts.set(id, text ?? '');
      if (this.texts.size > 200) this.texts.delete(this.texts.keys().next().value!);
      return vscode.Uri.from({ scheme: PreviewDocuments.scheme, path: `/${id}/${relative}` });
    };
    await vscode.commands.executeCommand('vscode.diff', doc(before), doc(after), title, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
  }
}

export class FileEdits {
  readonly previews = new PreviewDocuments();

  constructor(private readonly state: vscode.Memento, private readonly log: Logger) {}

  /** Plans the call's change; throws with a message for the model when it cannot be made. */
  async prepare(call: FunctionCall): Promise<PreparedEdit> {
    if (!vscode.workspace.isTrusted) throw new EditToolError('File edits are off in an untrusted workspace (Restricted Mode).');
    const args = call.args ?? {};
    const folders = vscode.workspace.workspaceFolders ?? [];
    const check = resolveWorkspacePath(folders.map((f) => f.uri.fsPath.replace(/\\/g, '/')), args.path);
    if (!check.ok) throw new EditToolError(check.message);
    const folder = folders.find((f) => f.uri.fsPath.replace(/\\/g, '/') === check.root) ?? folders[0]!;
    const uri = vscode.Uri.joinPath(folder.uri, ...check.relative.split('/').filter(Boolean));
    const target = await readTarget(uri);
    const plan = planEdit(call.name, args, target.text);
    const kind: ChangedFile['kind'] = plan.before === undefined ? 'create' : plan.after === undefined ? 'delete' : 'edit';
    if (plan.after !== undefined && new TextEncoder().encode(plan.after).byteLength > 1024 * 1024) {
      throw new EditToolError(`The new content of ${target.relative} is larger than 1 MiB.`);
    }
    return { call, uri, relative: target.relative, plan, kind, summary: diffSummary(target.relative, plan.before, plan.after) };
  }

  /** Writes an allowed change (one WorkspaceEdit, so the editor's undo works too) and records it for the turn. */
  async write(turnId: string, e: PreparedEdit): Promise<ChangedFile> {
    const now = await readTarget(e.uri);
    if (now.text !== e.plan.before) throw new EditToolError(`${e.relative} changed while the edit waited for approval; nothing was written. Read it again.`);
    await this.apply(e.uri, e.plan.before, e.plan.after);
    await this.record(turnId, { uri: e.uri.toString(), path: e.relative, kind: e.kind, before: e.plan.before, after: e.plan.after });
    this.log.info(`edit tool ${e.call.name} wrote ${e.relative} (+${e.summary.added} -${e.summary.removed})`);
    return { path: e.relative, added: e.summary.added, removed: e.summary.removed, kind: e.kind };
  }

  /** Before → after of one file of a turn (the turn's first before, its last after). */
  change(turnId: string, path: string): StoredChange | undefined {
    return merged(this.stored().turns.find((t) => t.turnId === turnId)?.changes ?? []).find((c) => c.path === path);
  }

  /**
   * Restores the files of a turn as they were before it, after a confirmation listing them. A file the user
   * changed since is left alone (its diff against the turn's version is offered instead).
   */
  async undoTurn(turnId: string, confirm: boolean | undefined): Promise<{ restored: string[]; refused: string[] } | undefined> {
    const changes = merged(this.stored().turns.find((t) => t.turnId === turnId)?.changes ?? []);
    if (!changes.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This turn changed no files that can still be undone.'));
      return undefined;
    }
    const undoButton = vscode.l10n.t('Undo Changes');
    const ok = confirm ?? (await vscode.window.showWarningMessage(
      changes.length === 1 ? vscode.l10n.t('Undo the changes Gemini made in this turn to 1 file?') : vscode.l10n.t('Undo the changes Gemini made in this turn to {0} files?', changes.length),
      { modal: true, detail: changes.map((c) => c.kind === 'create' ? vscode.l10n.t('{0} (delete the created file)', c.path) : c.kind === 'delete' ? vscode.l10n.t('{0} (restore the deleted file)', c.path) : vscode.l10n.t('{0} (restore the previous content)', c.path)).join('\n') },
      undoButton,
    )) === undoButton;
    if (!ok) return undefined;
    const restored: string[] = [];
    const refused: string[] = [];
    for (const c of changes) {
      const uri = vscode.Uri.parse(c.uri, true);
      let current: string | undefined;
      try { current = (await readTarget(uri)).text; } catch (e) { refused.push(c.path); this.log.warn(`undo ${c.path}: ${(e as Error).message}`); continue; }
      if (current !== c.after) { refused.push(c.path); continue; }
      await this.apply(uri, current, c.before);
      restored.push(c.path);
    }
    await this.forget(turnId, restored);
    this.log.info(`undo of turn ${turnId}: restored ${restored.length}, refused ${refused.length}`);
    if (refused.length) {
      const show = vscode.l10n.t('Show Diff');
      void vscode.window.showWarningMessage(
        refused.length === 1 ? vscode.l10n.t('Not undone: {0} changed after Gemini edited it. Your changes were kept.', refused[0]!)
          : vscode.l10n.t('Not undone: {0} changed after Gemini edited them. Your changes were kept.', refused.join(', ')), show,
      ).then(async (choice) => {
        if (choice !== show) return;
        for (const path of refused) {
          const c = changes.find((x) => x.path === path)!;
          const current = await readTarget(vscode.Uri.parse(c.uri, true)).then((t) => t.text, () => undefined);
          await this.previews.diff(path, c.before, current, vscode.l10n.t('{0}: before Gemini\'s turn ↔ now', path));
        }
      });
    }
    return { restored, refused };
  }

  private async apply(uri: vscode.Uri, before: string | undefined, after: string | undefined): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    if (after === undefined) edit.deleteFile(uri, { ignoreIfNotExists: true });
    else if (before === undefined) edit.createFile(uri, { overwrite: false, contents: new TextEncoder().encode(after) });
    else {
      const doc = await vscode.workspace.openTextDocument(uri);
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), after);
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new EditToolError(`VS Code refused to write ${vscode.workspace.asRelativePath(uri, false)}.`);
    if (after !== undefined && before !== undefined) {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.isDirty) await doc.save();
    }
  }

  /** Forgets the checkpoints of these turns (their conversation was deleted): the files' texts go with it. */
  async forgetTurns(turnIds: readonly string[]): Promise<void> {
    const ids = new Set(turnIds);
    const s = this.stored();
    if (!s.turns.some((t) => ids.has(t.turnId))) return;
    await this.state.update(CHECKPOINTS_KEY, { turns: s.turns.filter((t) => !ids.has(t.turnId)) });
  }

  /** Forgets every checkpoint of the workspace (all its conversations were deleted). */
  async forgetAll(): Promise<void> {
    await this.state.update(CHECKPOINTS_KEY, undefined);
  }

  private stored(): Stored {
    return this.state.get<Stored>(CHECKPOINTS_KEY) ?? { turns: [] };
  }

  private async record(turnId: string, change: StoredChange): Promise<void> {
    const s = this.stored();
    let t = s.turns.find((x) => x.turnId === turnId);
    if (!t) { t = { turnId, changes: [] }; s.turns.push(t); }
    t.changes.push(change);
    await this.state.update(CHECKPOINTS_KEY, { turns: s.turns.slice(-MAX_TURNS) });
  }

  private async forget(turnId: string, paths: string[]): Promise<void> {
    const s = this.stored();
    const t = s.turns.find((x) => x.turnId === turnId);
    if (!t) return;
    t.changes = t.changes.filter((c) => !paths.includes(c.path));
    await this.state.update(CHECKPOINTS_KEY, { turns: s.turns.filter((x) => x.changes.length) });
  }

  dispose(): void {
    this.previews.dispose();
  }
}

/** One change per file: the turn's first `before` and last `after`. */
function merged(changes: StoredChange[]): StoredChange[] {
  const byPath = new Map<string, StoredChange>();
  for (const c of changes) {
    const prev = byPath.get(c.path);
    if (!prev) { byPath.set(c.path, { ...c }); continue; }
    prev.after = c.after;
    prev.kind = prev.before === undefined ? (c.after === undefined ? 'edit' : 'create') : c.after === undefined ? 'delete' : 'edit';
  }
  return [...byPath.values()];
}
