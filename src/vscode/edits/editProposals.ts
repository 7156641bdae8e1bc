// Proposed file changes shown in VS Code's diff editor before anything is written. The proposal lives in a
// read-only virtual document; Accept applies one WorkspaceEdit (so the editor's undo takes it back) after
// checking that the file is still what the proposal was made from; Reject discards it.
import * as vscode from 'vscode';
import { editContentProblem, editPathProblem } from '../../core/edits/editPolicy';
import { resolveWriteTarget } from '../../core/edits/editTarget';
import { DEFAULT_INSTRUCTION_FILES } from '../../core/rules/rulesFiles';
import { configuredRulesFiles } from '../rules/rulesFiles';
import type { ApplyStatus } from '../../core/panel/protocol';
import type { Logger } from '../../core/conversation/types';

export const PROPOSAL_SCHEME = 'gemini-proposal';
const CONTEXT_KEY = 'geminiInteractions.hasProposal';

export interface Proposal {
  id: string;
  applyId: string;
  target: vscode.Uri;
  relative: string;
  /** The file's text the proposal was made from; undefined when the file does not exist yet. */
  base: string | undefined;
  proposed: string;
  /** Called when Accept finds the file changed: makes a fresh proposal from its current text. */
  remake?: (current: string | undefined) => Promise<void>;
}

export interface TargetFile {
  uri: vscode.Uri;
  relative: string;
  /** The text now (open editor first, else disk); undefined when the file does not exist. */
  text: string | undefined;
}

/** Reads a workspace file for an edit: refuses protected places, links, binaries and big files. */
export async function readTarget(uri: vscode.Uri): Promise<TargetFile> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) throw new Error(vscode.l10n.t('Refused: {0} is outside the workspace.', uri.fsPath));
  const relative = vscode.workspace.asRelativePath(uri, false);
  const rulesFiles = [...new Set([...DEFAULT_INSTRUCTION_FILES, ...configuredRulesFiles()])];
  const problem = editPathProblem(relative, rulesFiles);
  if (problem) throw new Error(problem);
  if (uri.scheme === 'file') {
    // The protected places are checked again on the real path: a link inside the workspace may lead to .git/.
    const target = await resolveWriteTarget(uri.fsPath, folder.uri.fsPath);
    if (!target.ok && target.reason === 'outside') throw new Error(vscode.l10n.t('Refused: {0} leads outside the workspace (to {1}).', relative, target.real));
    if (!target.ok) throw new Error(vscode.l10n.t('Refused: {0} is reached through a link (it leads to {1}); edits never go through links.', relative, target.real));
    const realProblem = editPathProblem(target.realRelative, rulesFiles);
    if (realProblem) throw new Error(realProblem);
  }
  // Unsaved edits in an editor are what the user sees; a clean editor may not have caught up with the disk yet.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) return { uri, relative, text: open.getText() };
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) throw new Error(vscode.l10n.t('Refused: {0} is a folder.', relative));
    if (!(stat.type & vscode.FileType.File)) throw new Error(vscode.l10n.t('Refused: {0} is not a regular file.', relative));
    if (stat.size > 1024 * 1024 * 16) throw new Error(vscode.l10n.t('Refused: {0} is too large to edit.', relative));
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return { uri, relative, text: undefined };
    throw e;
  }
  const contentProblem = editContentProblem(bytes, relative);
  if (contentProblem) throw new Error(contentProblem);
  return { uri, relative, text: new TextDecoder().decode(bytes) };
}

/** The open proposals, their virtual documents, and the Accept / Reject commands. */
export class EditProposals implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private seq = 0;

  constructor(private readonly log: Logger, private readonly status: (s: ApplyStatus) => void) {
    this.disposables.push(vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this));
    // A diff tab closed by hand is a Reject: the chat must not keep offering Accept for it.
    this.disposables.push(vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.closed) {
        const input = tab.input;
        if (input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME) {
          const p = this.proposals.get(idOf(input.modified));
          if (p) this.finish(p, { applyId: p.applyId, state: 'rejected', path: p.relative });
        }
      }
    }));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const p = this.proposals.get(idOf(uri));
    if (!p) return '';
    return uri.query === 'side=base' ? (p.base ?? '') : p.proposed;
  }

  /** Opens the diff of the file against the proposal. */
  async open(p: Omit<Proposal, 'id'>): Promise<Proposal> {
    // A newer proposal for the same apply replaces the old one.
    for (const old of this.proposals.values()) if (old.applyId === p.applyId) { this.proposals.delete(old.id); await this.closeTabs(old); }
    const proposal: Proposal = { ...p, id: `p${++this.seq}` };
    this.proposals.set(proposal.id, proposal);
    await this.updateContext();
    const right = this.proposedUri(proposal);
    const left = proposal.base === undefined ? right.with({ query: 'side=base' }) : proposal.target;
    const name = proposal.relative.split('/').pop() ?? proposal.relative;
    const title = proposal.base === undefined ? `${name} (new file) ↔ Gemini's proposal` : `${name} ↔ Gemini's proposal`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
    this.status({ applyId: proposal.applyId, state: 'review', path: proposal.relative });
    this.log.info(`proposal ${proposal.id} for ${proposal.relative} opened for review`);
    return proposal;
  }

  /** The proposal of an apply id, of a proposal document, or the one in the active diff editor. */
  find(ref?: string | vscode.Uri): Proposal | undefined {
    if (typeof ref === 'string') return [...this.proposals.values()].find((p) => p.applyId === ref);
    if (ref instanceof vscode.Uri && ref.scheme === PROPOSAL_SCHEME) return this.proposals.get(idOf(ref));
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME) return this.proposals.get(idOf(input.modified));
    return this.proposals.size === 1 ? [...this.proposals.values()][0] : undefined;
  }

  /**
   * Writes the proposal through one WorkspaceEdit (undo in the editor takes it back) and saves the file.
   * If the file changed since the proposal was made, nothing is written: the user may ask for a fresh merge.
   */
  async accept(ref?: string | vscode.Uri): Promise<'accepted' | 'stale' | 'none' | 'failed'> {
    const p = this.find(ref);
    if (!p) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no Gemini proposal to accept.'));
      return 'none';
    }
    let now: TargetFile;
    try {
      now = await readTarget(p.target);
    } catch (e) {
      this.finish(p, { applyId: p.applyId, state: 'failed', path: p.relative, message: (e as Error).message });
      void vscode.window.showErrorMessage((e as Error).message);
      return 'failed';
    }
    if (now.text !== p.base) {
      const message = now.text === undefined
        ? vscode.l10n.t('{0} was deleted after Gemini proposed this change. Nothing was written.', p.relative)
        : vscode.l10n.t('{0} changed after Gemini proposed this change. Nothing was written.', p.relative);
      this.log.warn(`proposal ${p.id}: ${message}`);
      const again = vscode.l10n.t('Merge Again');
      void vscode.window.showWarningMessage(message, { modal: false }, ...(p.remake ? [again] : [])).then(async (choice) => {
        if (choice === again && p.remake) await p.remake(now.text);
      });
      this.status({ applyId: p.applyId, state: 'review', path: p.relative, message });
      return 'stale';
    }
    const edit = new vscode.WorkspaceEdit();
    if (p.base === undefined) {
      edit.createFile(p.target, { ignoreIfExists: false, contents: new TextEncoder().encode(p.proposed) });
    } else {
      const doc = await vscode.workspace.openTextDocument(p.target);
      edit.replace(p.target, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), p.proposed);
    }
    const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: false });
    if (!ok) {
      const message = vscode.l10n.t('Could not write {0}: VS Code refused the edit (read-only or changed meanwhile).', p.relative);
      this.finish(p, { applyId: p.applyId, state: 'failed', path: p.relative, message });
      void vscode.window.showErrorMessage(message);
      return 'failed';
    }
    const doc = await vscode.workspace.openTextDocument(p.target);
    if (doc.isDirty) await doc.save();
    this.log.info(`proposal ${p.id} accepted: ${p.relative} written`);
    this.finish(p, { applyId: p.applyId, state: 'accepted', path: p.relative });
    await this.closeTabs(p);
    await vscode.window.showTextDocument(doc, { preview: false });
    return 'accepted';
  }

  /** Discards the proposal; the file is untouched. */
  async reject(ref?: string | vscode.Uri): Promise<boolean> {
    const p = this.find(ref);
    if (!p) return false;
    this.log.info(`proposal ${p.id} rejected: ${p.relative} untouched`);
    this.finish(p, { applyId: p.applyId, state: 'rejected', path: p.relative });
    await this.closeTabs(p);
    return true;
  }

  private finish(p: Proposal, s: ApplyStatus): void {
    if (!this.proposals.delete(p.id)) return;
    void this.updateContext();
    this.status(s);
  }

  private proposedUri(p: Proposal): vscode.Uri {
    return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${p.id}/${p.relative}` });
  }

  private async closeTabs(p: Proposal): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) =>
      t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PROPOSAL_SCHEME && idOf(t.input.modified) === p.id);
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
  }

  private updateContext(): Thenable<unknown> {
    return vscode.commands.executeCommand('setContext', CONTEXT_KEY, this.proposals.size > 0);
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function idOf(uri: vscode.Uri): string {
  return uri.path.split('/')[1] ?? '';
}
