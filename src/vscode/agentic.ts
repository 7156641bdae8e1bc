// Host side of the agentic features, used by the ChatController: approval of workspace tool calls,
// background (Deep Research) runs that survive a reload, their progress notification, the settings
// context (MCP secrets, the rules files), structured-output results and image saving.
import * as vscode from 'vscode';
import type { BackgroundTracker, Conversation, ToolRunner } from '../core/conversation/conversation';
import type { ChangedFile, FunctionCall, FunctionOutcome, Logger, ModelTurn, TurnEvent } from '../core/conversation/types';
import type { ApprovalDecision, ApprovalRequest, HostToWebview } from '../core/panel/protocol';
import { DENIED_RESULT, WORKSPACE_TOOL_NAMES } from '../core/tools/workspaceTools';
import { EDIT_TOOL_NAMES } from '../core/tools/editTools';
import { FileEdits, type PreparedEdit } from './edits/fileEdits';
import { referencedSecrets } from '../core/tools/mcpConfig';
import { imageExtension, summaryHeading } from '../core/slash/parseSlash';
import { RulesFiles } from './rules/rulesFiles';
import { resolvedTarget, runWorkspaceTool } from './tools/workspaceTools';
import { mcpServersSetting, type SettingsContext } from './settings/settings';
import { MCP_SECRET_PREFIX } from './tools/mcpSecrets';
import { CHAT_VIEW_FOCUS_COMMAND } from './panel/viewIds';

const ALWAYS_ALLOWED_KEY = 'geminiInteractions.alwaysAllowedTools';
const BACKGROUND_RUNS_KEY = 'geminiInteractions.backgroundRuns';
export { MCP_SECRET_PREFIX };

export interface BackgroundRun {
  conversationId: string;
  turnId: string;
  interactionId: string;
}

interface PendingApproval {
  request: ApprovalRequest;
  resolve(d: ApprovalDecision): void;
}

export class AgentHost {
  private readonly approvals = new Map<string, PendingApproval>();
  private readonly secretCache = new Map<string, string | undefined>();
  private instructions: string | undefined;
  private progress: { turnId: string; report(message: string): void; done(): void; lastThought?: string } | undefined;
  private readonly reportedProblems = new Set<string>();
  /** The edit tools' writes, checkpoints and undo. */
  readonly edits: FileEdits;
  /** Pending edit-tool approvals, for "Open diff" on their card. */
  private readonly pendingEdits = new Map<string, PreparedEdit>();
  /** The rules files (AGENTS.md, ...) sent in the system instruction. */
  readonly rules: RulesFiles;
  /** Told when an allowed edit tool changed a file (the controller updates the turn and the view). */
  onFileChanged: ((turnId: string, file: ChangedFile) => void) | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Logger,
    private readonly post: (m: HostToWebview) => void,
    /** Shows the chat view without moving the keyboard focus (set by the composition root). */
    private readonly reveal: () => void = () => { void vscode.commands.executeCommand(CHAT_VIEW_FOCUS_COMMAND).then(undefined, () => undefined); },
  ) {
    this.edits = new FileEdits(context.workspaceState, log);
    this.rules = new RulesFiles(log);
  }

  // ---- settings context ------------------------------------------------------------------------------

  /** Loads what settings reference asynchronously (MCP secrets, the instructions file) before a request. */
  async refreshContext(): Promise<void> {
    const names = referencedSecrets(mcpServersSetting().raw);
    for (const n of names) this.secretCache.set(n, await this.context.secrets.get(MCP_SECRET_PREFIX + n));
    // Rules files (AGENTS.md, GEMINI.md, .gemini/instructions.md): none in an untrusted workspace.
    this.instructions = (await this.rules.read()).text;
  }

  settingsContext(): SettingsContext {
    return {
      secret: (n) => this.secretCache.get(n),
      instructionsFile: this.instructions,
      problems: (messages) => {
        for (const m of messages) {
          if (this.reportedProblems.has(m)) continue;
          this.reportedProblems.add(m);
          this.log.warn(m);
          void vscode.window.showWarningMessage(m, vscode.l10n.t('Open Settings')).then((c) => {
            if (c) void vscode.commands.executeCommand('workbench.action.openSettings', 'geminiInteractions.mcpServers');
          });
        }
      },
    };
  }

  // ---- approvals ---------------------------------------------------------------------------------------

  pendingApprovals(): ApprovalRequest[] {
    return [...this.approvals.values()].map((p) => p.request);
  }

  /** Answers a pending approval (from the webview or a command); false when there is none with that id. */
  answer(callId: string | undefined, decision: ApprovalDecision): boolean {
    const p = callId ? this.approvals.get(callId) : this.approvals.values().next().value;
    if (!p) return false;
    this.approvals.delete(p.request.callId);
    this.post({ type: 'approvalDone', callId: p.request.callId });
    p.resolve(decision);
    return true;
  }

  alwaysAllowed(): string[] {
    return this.context.workspaceState.get<string[]>(ALWAYS_ALLOWED_KEY, []);
  }

  async resetAlwaysAllowed(): Promise<void> {
    await this.context.workspaceState.update(ALWAYS_ALLOWED_KEY, []);
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
        this.log.info(`tool ${call.name} denied`);
        out.push({ result: DENIED_RESULT, isError: true });
        continue;
      }
      if (decision === 'always') {
        await this.context.workspaceState.update(ALWAYS_ALLOWED_KEY, [...new Set([...this.alwaysAllowed(), call.name])]);
      }
      const outcome = await runWorkspaceTool(call, signal);
      this.log.info(`tool ${call.name} ran${outcome.isError ? ' with an error' : ''} (${outcome.result.length} chars)`);
      out.push(outcome);
    }
    return out;
  }

  /**
   * An edit tool: the change is planned first (a refusal goes back to the model without asking), shown as a
   * diff for approval (once or deny: writes are never "always allowed"), then written and recorded for the turn.
   */
  private async runEditTool(turnId: string, call: FunctionCall, signal: AbortSignal): Promise<FunctionOutcome> {
    let prepared: PreparedEdit;
    try {
      prepared = await this.edits.prepare(call);
    } catch (e) {
      this.log.info(`edit tool ${call.name} refused: ${(e as Error).message}`);
      return { result: `Error: ${(e as Error).message}`, isError: true };
    }
    const { relative, kind, summary } = prepared;
    this.pendingEdits.set(call.id, prepared);
    const decision = await this.ask(turnId, call, signal, { path: relative, kind, added: summary.added, removed: summary.removed, diff: summary.text })
      .finally(() => this.pendingEdits.delete(call.id));
    if (decision === 'deny') {
      this.log.info(`edit tool ${call.name} denied: ${relative} untouched`);
      return { result: DENIED_RESULT, isError: true };
    }
    try {
      const file = await this.edits.write(turnId, prepared);
      this.onFileChanged?.(turnId, file);
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
    await this.edits.previews.diff(p.relative, p.plan.before, p.plan.after, p.kind === 'create' ? vscode.l10n.t('{0} ↔ Gemini\'s proposed new file', p.relative) : p.kind === 'delete' ? vscode.l10n.t('{0} ↔ Gemini\'s proposed deletion', p.relative) : vscode.l10n.t('{0} ↔ Gemini\'s proposed edit', p.relative));
  }

  private async ask(turnId: string, call: FunctionCall, signal: AbortSignal, edit?: ApprovalRequest['edit']): Promise<ApprovalDecision> {
    const resolvedPath = edit ? undefined : await resolvedTarget(call).catch(() => undefined);
    if (signal.aborted) return 'deny';
    return new Promise((resolve) => {
      const request: ApprovalRequest = { turnId, callId: call.id, name: call.name, argsText: edit ? '' : JSON.stringify(call.args ?? {}, null, 2), ...(resolvedPath ? { resolvedPath } : {}), ...(edit ? { edit } : {}) };
      const onAbort = () => this.answer(call.id, 'deny');
      this.approvals.set(call.id, { request, resolve: (d) => { signal.removeEventListener('abort', onAbort); resolve(d); } });
      signal.addEventListener('abort', onAbort, { once: true });
      this.post({ type: 'approval', request });
      // The decision is in the chat panel: make sure it is visible, without taking the focus from where
      // the user is (the message box, an editor): the `.focus` command moved it out of the webview.
      this.reveal();
    });
  }

  // ---- background runs ---------------------------------------------------------------------------------

  backgroundRuns(): BackgroundRun[] {
    return this.context.workspaceState.get<BackgroundRun[]>(BACKGROUND_RUNS_KEY, []);
  }

  tracker(): BackgroundTracker {
    return {
      started: (conversationId, turnId, interactionId) => {
        const runs = this.backgroundRuns().filter((r) => r.turnId !== turnId);
        void this.context.workspaceState.update(BACKGROUND_RUNS_KEY, [...runs, { conversationId, turnId, interactionId }]);
      },
      ended: (_conversationId, turnId) => {
        void this.context.workspaceState.update(BACKGROUND_RUNS_KEY, this.backgroundRuns().filter((r) => r.turnId !== turnId));
      },
    };
  }

  /** A cancellable progress notification for a background run; Cancel stops (and cancels) it on the server. */
  showProgress(conversation: Conversation, turnId: string, title: string): void {
    this.progress?.done();
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
      new Promise<void>((resolve) => {
        const entry = {
          turnId,
          report: (message: string) => progress.report({ message }),
          done: () => { if (this.progress === entry) this.progress = undefined; resolve(); },
        };
        this.progress = entry;
        token.onCancellationRequested(() => void conversation.stop());
        progress.report({ message: vscode.l10n.t('starting…') });
      }));
  }

  /** Progress of a background turn: its status and the heading of its latest thought summary. */
  /** Whether a progress notification follows this turn (the controller asks before looking the turn up). */
  follows(turnId: string): boolean {
    return this.progress?.turnId === turnId;
  }

  onEvent(turn: ModelTurn | undefined, ev: TurnEvent): void {
    const p = this.progress;
    if (!p || !turn || turn.id !== p.turnId) return;
    if (ev.type === 'part' || ev.type === 'thought' || ev.type === 'update') {
      const part = turn.parts[ev.index];
      if (part?.kind === 'thought' && part.text) p.lastThought = summaryHeading(part.text);
    }
    if (!['status', 'interaction', 'part', 'thought', 'update', 'completed'].includes(ev.type)) return;
    const status = statusLabel(turn.status ?? 'in_progress');
    const message = p.lastThought ? vscode.l10n.t('{0} — {1}', status, p.lastThought) : status;
    p.report(message);
    this.post({ type: 'notice', turnId: turn.id, text: vscode.l10n.t('Deep Research: {0}', message) });
  }

  onFinished(turn: ModelTurn): void {
    if (this.progress?.turnId === turn.id) this.progress.done();
  }

  // ---- images ----------------------------------------------------------------------------------------

  /** Saves an image part to the workspace with the extension of its real type. */
  async saveImage(turn: ModelTurn, index: number, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const part = turn.parts[index];
    if (part?.kind !== 'media' || part.media.type !== 'image' || !part.media.data) {
      void vscode.window.showErrorMessage(vscode.l10n.t('There is no image to save here.'));
      return undefined;
    }
    const ext = imageExtension(part.media.mimeType);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = target ?? await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save Image'),
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `gemini-image-${turn.id.slice(-6)}-${index}.${ext}`) } : {}),
      filters: { [ext.toUpperCase()]: [ext] },
    });
    if (!uri) return undefined;
    const fixed = /\.[A-Za-z0-9]+$/.test(uri.path) && uri.path.toLowerCase().endsWith(`.${ext}`) ? uri : uri.with({ path: uri.path.replace(/\.[A-Za-z0-9]+$/, '') + `.${ext}` });
    await vscode.workspace.fs.writeFile(fixed, Buffer.from(part.media.data, 'base64'));
    return fixed;
  }

  dispose(): void {
    for (const id of [...this.approvals.keys()]) this.answer(id, 'deny');
    this.progress?.done();
    this.edits.dispose();
    this.rules.dispose();
  }
}

/** A background run's status as the user reads it (unknown statuses: the API's word, spaced). */
function statusLabel(status: string): string {
  switch (status) {
    case 'in_progress': return vscode.l10n.t('in progress');
    case 'queued': return vscode.l10n.t('queued');
    case 'requires_action': return vscode.l10n.t('requires action');
    case 'completed': return vscode.l10n.t('completed');
    case 'failed': return vscode.l10n.t('failed');
    case 'cancelled': return vscode.l10n.t('cancelled');
    case 'incomplete': return vscode.l10n.t('incomplete');
    default: return status.replace(/_/g, ' ');
  }
}
