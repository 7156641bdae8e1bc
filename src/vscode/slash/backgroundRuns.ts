// Background (Deep Research) runs: the runs this workspace has going, kept in workspaceState so a window
// reload can resume them, and the cancellable progress notification that follows one with its status and
// the heading of its latest thought summary.
import * as vscode from 'vscode';
import type { Conversation } from '../../core/conversation/conversation';
import type { BackgroundTracker } from '../../core/conversation/conversationDeps';
import type { ModelTurn, TurnEvent } from '../../core/conversation/types';
import type { HostToWebview } from '../../core/panel/protocol';
import { summaryHeading } from '../../core/slash/parseSlash';

const BACKGROUND_RUNS_KEY = 'geminiInteractions.backgroundRuns';

export interface BackgroundRun {
  conversationId: string;
  turnId: string;
  interactionId: string;
}

export class BackgroundRuns implements vscode.Disposable {
  private progress: { turnId: string; report(message: string): void; done(): void; lastThought?: string } | undefined;

  constructor(private readonly workspaceState: vscode.Memento, private readonly post: (m: HostToWebview) => void) {}

  list(): BackgroundRun[] {
    return this.workspaceState.get<BackgroundRun[]>(BACKGROUND_RUNS_KEY, []);
  }

  tracker(): BackgroundTracker {
    return {
      started: (conversationId, turnId, interactionId) => {
        const runs = this.list().filter((r) => r.turnId !== turnId);
        void this.workspaceState.update(BACKGROUND_RUNS_KEY, [...runs, { conversationId, turnId, interactionId }]);
      },
      ended: (_conversationId, turnId) => {
        void this.workspaceState.update(BACKGROUND_RUNS_KEY, this.list().filter((r) => r.turnId !== turnId));
      },
    };
  }

  /** A cancellable progress notification for a background run; Cancel stops (and cancels) it on the server. */
  showProgress(conversation: Pick<Conversation, 'stop'>, turnId: string, title: string): void {
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

  /** Whether a progress notification follows this turn (the panel asks before looking the turn up). */
  follows(turnId: string): boolean {
    return this.progress?.turnId === turnId;
  }

  /** Progress of a background turn: its status and the heading of its latest thought summary. */
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

  dispose(): void {
    this.progress?.done();
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
