// Runs the model's workspace tool calls: each waits for the user's approval in the panel (once, always, or
// deny; "always" is remembered per workspace), edit tools show their change as a diff first and are never
// always allowed, and an allowed edit is written and reported so the turn lists the changed file.
import * as vscode from 'vscode';
import type { ToolRunner } from '../../core/conversation/conversationDeps';
import type { ChangedFile, FunctionCall, FunctionOutcome, Logger } from '../../core/conversation/types';
import type { ApprovalDecision, ApprovalRequest, HostToWebview } from '../../core/panel/protocol';
import { EDIT_TOOL_NAMES } from '../../core/tools/editTools';
import { DENIED_RESULT, WORKSPACE_TOOL_NAMES } from '../../core/tools/workspaceTools';
import { escapeInvisible, hasInvisible } from '../../core/util/invisibleChars';
import type { FileEdits, PreparedEdit } from '../edits/fileEdits';
import type { CommandHandlers } from '../panel/router';
import { resolvedTarget, runWorkspaceTool } from './workspaceTools';

const ALWAYS_ALLOWED_KEY = 'geminiInteractions.alwaysAllowedTools';

interface PendingApproval {
  request: ApprovalRequest;
  resolve(d: ApprovalDecision): void;
}

export interface ToolApprovalDeps {
  workspaceState: vscode.Memento;
  /** The edit tools' writes, checkpoints and undo. */
  edits: FileEdits;
  post(m: HostToWebview): void;
  /** Shows the chat view without moving the keyboard focus. */
  reveal(): void;
  log: Logger;
}

export class ToolApprovals implements vscode.Disposable {
  private readonly approvals = new Map<string, PendingApproval>();
  /** Pending edit-tool approvals, for "Open diff" on their card. */
  private readonly pendingEdits = new Map<string, PreparedEdit>();
  /** Edit approvals whose diff the user opened (needed first when the card shows only part of it). */
  private readonly diffOpened = new Set<string>();
  private readonly fileChanged = new vscode.EventEmitter<{ turnId: string; file: ChangedFile }>();
  /** An allowed edit tool wrote a file (the turn's changed files follow it). */
  readonly onDidChangeFile = this.fileChanged.event;

  constructor(private readonly deps: ToolApprovalDeps) {}

  pendingApprovals(): ApprovalRequest[] {
    return [...this.approvals.values()].map((p) => p.request);
  }

  /** Answers a pending approval (from the webview or a command); false when there is none with that id. */
  answer(callId: string | undefined, decision: ApprovalDecision): boolean {
    const p = callId ? this.approvals.get(callId) : this.approvals.values().next().value;
    if (!p) return false;
    // A change the card could not show whole is allowed only after the user saw it in the diff editor.
    if (decision !== 'deny' && p.request.edit?.partial && !this.diffOpened.has(p.request.callId)) {
      this.deps.log.warn(`approval of ${p.request.name} ignored: its diff was not opened (the card could not show all of it)`);
      return false;
    }
    this.diffOpened.delete(p.request.callId);
    this.approvals.delete(p.request.callId);
    this.deps.post({ type: 'approvalDone', callId: p.request.callId });
    p.resolve(decision);
    return true;
  }

  alwaysAllowed(): string[] {
    return this.deps.workspaceState.get<string[]>(ALWAYS_ALLOWED_KEY, []);
  }

  async resetAlwaysAllowed(): Promise<void> {
    await this.deps.workspaceState.update(ALWAYS_ALLOWED_KEY, []);
  }

  toolRunner(): ToolRunner {
    return { run: (turnId, calls, signal) => this.runTools(turnId, calls, signal) };
  }

  private async runTools(turnId: string, calls: FunctionCall[], signal: AbortSignal): Promise<FunctionOutcome[]> {
    const out: FunctionOutcome[] = [];
    for (const call of calls) {
      if (signal.aborted) break;
      if (EDIT_TOOL_NAMES.has(call.name)) {
        out.push(await this.runEditTool(turnId, call, signal));
        continue;
      }
      if (!WORKSPACE_TOOL_NAMES.has(call.name)) {
        out.push({ result: `Unknown tool ${call.name}; only the workspace tools can be called.`, isError: true });
        continue;
      }
      let decision: ApprovalDecision = 'once';
      if (!this.alwaysAllowed().includes(call.name)) decision = await this.ask(turnId, call, signal);
      if (decision === 'deny') {
        this.deps.log.info(`tool ${call.name} denied`);
        out.push({ result: DENIED_RESULT, isError: true });
        continue;
      }
      if (decision === 'always') {
        await this.deps.workspaceState.update(ALWAYS_ALLOWED_KEY, [...new Set([...this.alwaysAllowed(), call.name])]);
      }
      const outcome = await runWorkspaceTool(call, signal);
      this.deps.log.info(`tool ${call.name} ran${outcome.isError ? ' with an error' : ''} (${outcome.result.length} chars)`);
      out.push(outcome);
    }
    return out;
  }

  /**
   * An edit tool: the change is planned first (a refusal goes back to the model without asking), shown as a
   * diff for approval (once or deny: writes are never "always allowed"), then written and recorded for the turn.
   */
  private async runEditTool(turnId: string, call: FunctionCall, signal: AbortSignal): Promise<FunctionOutcome> {
    const { edits, log } = this.deps;
    let prepared: PreparedEdit;
    try {
      prepared = await edits.prepare(call);
    } catch (e) {
      log.info(`edit tool ${call.name} refused: ${(e as Error).message}`);
      return { result: `Error: ${(e as Error).message}`, isError: true };
    }
    const { relative, kind, summary } = prepared;
    this.pendingEdits.set(call.id, prepared);
    const partial = summary.shown === 'all' ? {} : { partial: summary.shown, ...(summary.hiddenLines ? { hiddenLines: summary.hiddenLines } : {}) };
    const decision = await this.ask(turnId, call, signal, { path: relative, kind, added: summary.added, removed: summary.removed, diff: summary.text, ...partial }, summary.invisible)
      .finally(() => this.pendingEdits.delete(call.id));
    if (decision === 'deny') {
      log.info(`edit tool ${call.name} denied: ${relative} untouched`);
      return { result: DENIED_RESULT, isError: true };
    }
    try {
      const file = await edits.write(turnId, prepared);
      this.fileChanged.fire({ turnId, file });
      const what = kind === 'create' ? 'Created' : kind === 'delete' ? 'Deleted' : 'Edited';
      return { result: `${what} ${relative} (+${file.added} -${file.removed} lines). The user reviewed and allowed the change.` };
    } catch (e) {
      return { result: `Error: ${(e as Error).message}`, isError: true };
    }
  }

  /** "Open diff" on a pending edit approval: the change in VS Code's diff editor. */
  async openApprovalDiff(callId: string): Promise<void> {
    const p = this.pendingEdits.get(callId);
    if (!p) return;
    // Marked before the editor opens: the webview may send Allow right after this message.
    this.diffOpened.add(callId);
    // The tab's title names the file with its invisible characters escaped, as the card does (an override in
    // the name would reverse the rest of the title).
    const name = escapeInvisible(p.relative, 'name');
    await this.deps.edits.previews.diff(p.relative, p.plan.before, p.plan.after, p.kind === 'create' ? vscode.l10n.t('{0} ↔ Gemini\'s proposed new file', name) : p.kind === 'delete' ? vscode.l10n.t('{0} ↔ Gemini\'s proposed deletion', name) : vscode.l10n.t('{0} ↔ Gemini\'s proposed edit', name));
  }

  /** `diffInvisible`: the edit's whole diff holds invisible characters (the card may show only part of it). */
  private async ask(turnId: string, call: FunctionCall, signal: AbortSignal, edit?: ApprovalRequest['edit'], diffInvisible?: boolean): Promise<ApprovalDecision> {
    const resolvedPath = edit ? undefined : await resolvedTarget(call).catch(() => undefined);
    if (signal.aborted) return 'deny';
    const argsText = edit ? '' : JSON.stringify(call.args ?? {}, null, 2);
    // What the card shows as escapes, with a warning: a path or arguments that read other than they are.
    const invisible = !!diffInvisible || hasInvisible(argsText) || [resolvedPath, edit?.path].some((p) => p !== undefined && hasInvisible(p, 'name'));
    if (invisible) this.deps.log.warn(`the approval of ${call.name} holds invisible or direction-changing characters: the card shows them as escapes`);
    return new Promise((resolve) => {
      const request: ApprovalRequest = { turnId, callId: call.id, name: call.name, argsText, ...(resolvedPath ? { resolvedPath } : {}), ...(edit ? { edit } : {}), ...(invisible ? { invisible: true as const } : {}) };
      const onAbort = () => this.answer(call.id, 'deny');
      this.approvals.set(call.id, { request, resolve: (d) => { signal.removeEventListener('abort', onAbort); resolve(d); } });
      signal.addEventListener('abort', onAbort, { once: true });
      this.deps.post({ type: 'approval', request });
      // The decision is in the chat panel: make sure it is visible, without taking the focus from where
      // the user is (the message box, an editor): the `.focus` command moved it out of the webview.
      this.deps.reveal();
    });
  }

  dispose(): void {
    for (const id of [...this.approvals.keys()]) this.answer(id, 'deny');
    this.fileChanged.dispose();
  }
}

/** The approval card's buttons: Allow / Deny, and Open diff for an edit. */
export function approvalHandlers(approvals: ToolApprovals): Pick<CommandHandlers, 'approve' | 'openApprovalDiff'> {
  return {
    approve: (m) => { approvals.answer(m.callId, m.decision); },
    openApprovalDiff: (m) => approvals.openApprovalDiff(m.callId),
  };
}
