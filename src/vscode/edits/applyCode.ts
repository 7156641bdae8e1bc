// "Apply to file" for a code block of an answer: find the target file, turn the block into the file's
// proposed new content (merging a fragment through a second request), and open it for review in the diff
// editor. Nothing is written here; EditProposals writes only what the user accepts.
import * as vscode from 'vscode';
import { namedTarget } from '../../core/edits/applyTarget';
import { isFragment, MergeError, mergeFragment } from '../../core/edits/merge';
import { spliceReplacement } from '../../core/edits/improve';
import type { InteractionsApi } from '../../core/gemini/client';
import type { Logger, Turn } from '../../core/conversation/types';
import type { ApplyStatus, WebviewToHost } from '../../core/panel/protocol';
import { resolveWorkspacePath } from '../../core/tools/workspaceTools';
import { EditProposals, readTarget, type TargetFile } from './editProposals';

type ApplyMessage = Extract<WebviewToHost, { type: 'applyCode' }>;

export interface ApplyDeps {
  api(): Promise<InteractionsApi>;
  /** The model of the chat (the merge uses the same one). */
  model(): string;
  /** The file the question of this turn came from (Explain Selection, Ask About File), as a URI string. */
  sourceOf(turnId: string | undefined): string | undefined;
  status(s: ApplyStatus): void;
  log: Logger;
}

export class ApplyCode implements vscode.Disposable {
  readonly proposals: EditProposals;
  private readonly merges = new Map<string, AbortController>();
  /** The latest status of each apply (the chat may have been closed meanwhile; tests read it too). */
  readonly statuses = new Map<string, ApplyStatus>();
  private readonly deps: ApplyDeps;

  constructor(deps: ApplyDeps) {
    const status = (s: ApplyStatus) => { this.statuses.set(s.applyId, s); deps.status(s); };
    this.deps = { ...deps, status };
    this.proposals = new EditProposals(deps.log, status);
  }

  /** The target file of a block: the one it names, else the question's file, else one the user picks. */
  async target(msg: ApplyMessage): Promise<vscode.Uri | undefined> {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath.replace(/\\/g, '/'));
    const named = namedTarget({ code: msg.code, info: msg.info, before: msg.before });
    if (named) {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const check = resolveWorkspacePath(roots.length ? roots : folders.map((f) => f.uri.path), named);
      if (!check.ok) throw new Error(check.message);
      const folder = folders.find((f) => f.uri.fsPath.replace(/\\/g, '/') === check.root || f.uri.path === check.root) ?? folders[0];
      if (!folder) throw new Error(vscode.l10n.t('Open a workspace folder to apply code to its files.'));
      return vscode.Uri.joinPath(folder.uri, ...check.relative.split('/'));
    }
    const source = this.deps.sourceOf(msg.turnId);
    if (source) return vscode.Uri.parse(source, true);
    const picked = await vscode.window.showOpenDialog({
      title: vscode.l10n.t('Apply the code block to which file?'),
      openLabel: vscode.l10n.t('Review Change'),
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    return picked?.[0];
  }

  /** Runs an apply from the chat; its progress and outcome go to the block as applyStatus messages. */
  async apply(msg: ApplyMessage): Promise<void> {
    const { applyId } = msg;
    let file: TargetFile;
    try {
      if (!vscode.workspace.isTrusted) throw new Error(vscode.l10n.t('Applying code to files is off in an untrusted workspace (Restricted Mode).'));
      const uri = await this.target(msg);
      if (!uri) return this.deps.status({ applyId, state: 'cancelled' });
      file = await readTarget(uri);
    } catch (e) {
      return this.failed(applyId, (e as Error).message);
    }
    await this.propose(applyId, file, msg.code);
  }

  /** Makes the proposal from the file's current text (merging when the block is a fragment) and opens it. */
  private async propose(applyId: string, file: TargetFile, code: string): Promise<void> {
    let proposed = code.endsWith('\n') ? code : `${code}\n`;
    if (isFragment(code, file.text)) {
      const controller = new AbortController();
      this.merges.get(applyId)?.abort();
      this.merges.set(applyId, controller);
      this.deps.status({ applyId, state: 'merging', path: file.relative, chars: 0 });
      let last = 0;
      try {
        proposed = await mergeFragment(await this.deps.api(), { model: this.deps.model(), path: file.relative, current: file.text!, fragment: code },
          controller.signal, (chars) => {
            // A status every ~2 KB is enough for a progress line, and keeps the protocol quiet.
            if (chars - last >= 2048) { last = chars; this.deps.status({ applyId, state: 'merging', path: file.relative, chars }); }
          });
      } catch (e) {
        if (controller.signal.aborted) return this.deps.status({ applyId, state: 'cancelled', path: file.relative });
        return this.failed(applyId, e instanceof MergeError ? e.message : vscode.l10n.t('The merge failed: {0}', (e as Error).message), file.relative);
      } finally {
        if (this.merges.get(applyId) === controller) this.merges.delete(applyId);
      }
    }
    if (proposed === file.text) {
      return this.deps.status({ applyId, state: 'rejected', path: file.relative, message: vscode.l10n.t('{0} already contains this code: nothing to change.', file.relative) });
    }
    await this.proposals.open({
      applyId, target: file.uri, relative: file.relative, base: file.text, proposed,
      remake: async () => {
        try {
          await this.propose(applyId, await readTarget(file.uri), code);
        } catch (e) {
          this.failed(applyId, (e as Error).message, file.relative);
        }
      },
    });
  }

  /**
   * Improve Selection: the answer's code replaces the selection [start, end) of the text the question was
   * asked about. If the file changed meanwhile, Accept offers a fresh merge of the code into it.
   */
  async proposeReplacement(r: { applyId: string; uri: vscode.Uri; base: string; start: number; end: number; code: string }): Promise<void> {
    let file: TargetFile;
    try {
      file = await readTarget(r.uri);
    } catch (e) {
      return this.failed(r.applyId, (e as Error).message);
    }
    if (file.text !== r.base) return this.propose(r.applyId, file, r.code);
    const proposed = spliceReplacement(r.base, r.start, r.end, r.code);
    if (proposed === r.base) return this.deps.status({ applyId: r.applyId, state: 'rejected', path: file.relative, message: vscode.l10n.t('The answer\'s code is the same as the selection: nothing to change.') });
    await this.proposals.open({
      applyId: r.applyId, target: file.uri, relative: file.relative, base: r.base, proposed,
      remake: async () => {
        try { await this.propose(r.applyId, await readTarget(r.uri), r.code); } catch (e) { this.failed(r.applyId, (e as Error).message, file.relative); }
      },
    });
  }

  /** Accept / Reject from the chat, Cancel of a running merge. */
  async action(applyId: string, action: 'accept' | 'reject' | 'cancel'): Promise<void> {
    if (action === 'cancel') { this.merges.get(applyId)?.abort(); return; }
    if (action === 'accept') await this.proposals.accept(applyId);
    else await this.proposals.reject(applyId);
  }

  private failed(applyId: string, message: string, path?: string): void {
    this.deps.log.warn(`apply ${applyId}: ${message}`);
    this.deps.status({ applyId, state: 'failed', message, ...(path ? { path } : {}) });
  }

  dispose(): void {
    for (const c of this.merges.values()) c.abort();
    this.proposals.dispose();
  }
}

/** The file the question answered by this model turn came from (its user turn's source); the last one without an id. */
export function sourceOf(turns: readonly Turn[], modelTurnId: string | undefined): string | undefined {
  const at = modelTurnId ? turns.findIndex((t) => t.id === modelTurnId) : turns.length;
  for (let i = at - 1; i >= 0; i--) {
    const t = turns[i]!;
    if (t.role === 'user') return t.source;
  }
  return undefined;
}
