// The conversation list: switch to another stored conversation, rename, delete one or all (here, with the
// edit tools' checkpoints of their turns, and their stored interactions on the server, best effort, with one
// report of what the server kept), export, and the list's search texts. It works on the panel's current
// conversation and the stored journals.
import * as vscode from 'vscode';
import { deleteInteractions } from '../../core/gemini/deleteInteractions';
import type { ConversationData, Logger } from '../../core/conversation/types';
import { storageMessages } from '../../core/l10n/storageStrings';
import type { ApiAccess } from '../gemini/geminiAccess';
import { hostMessages } from '../l10n/coreStrings';
import type { ChatPanel } from '../panel/chatPanel';
import type { CommandHandlers, RequestHandlers } from '../panel/router';
import { exportConversation, type ExportFormat } from './exportConversation';
import type { StoredConversations } from './storedConversations';

/** The edit tools' checkpoints (each turn's files before and after): they go with their conversation. */
export interface Checkpoints {
  forgetTurns(turnIds: readonly string[]): Promise<void>;
  forgetAll(): Promise<void>;
}

export class ConversationLibrary {
  constructor(
    private readonly panel: ChatPanel,
    private readonly stored: StoredConversations,
    private readonly access: Pick<ApiAccess, 'api'>,
    private readonly checkpoints: Checkpoints,
    private readonly log: Logger,
  ) {}

  private get store() {
    return this.stored.store;
  }

  /** Opens the conversation list in the panel (the view-title "Show Conversations" command). */
  showHistory(): void {
    // The view may still be loading (its webview is created on reveal): the outbox delivers it once ready.
    this.panel.post({ type: 'showHistory' });
  }

  /** Makes another stored conversation current; rebuilds it from the server when its transcript is gone. */
  async switchTo(id: string): Promise<void> {
    if (id === this.panel.conversation?.data.id) return this.panel.pushState();
    const data = await this.stored.openOrRestore(id);
    if (!data) {
      void vscode.window.showErrorMessage(vscode.l10n.t('That conversation could not be opened: it is no longer stored in this workspace.'));
      return this.panel.pushState();
    }
    await this.panel.open(data);
    await this.panel.pushState();
    this.panel.post({ type: 'focusInput' });
  }

  async rename(id: string, title?: string): Promise<void> {
    const current = this.panel.conversation;
    const old = id === current?.data.id ? current.data.title : this.store.entry(id)?.title;
    const next = title ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Rename Conversation'), prompt: vscode.l10n.t('New title'), value: old ?? '',
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The title cannot be empty.')),
    });
    if (!next?.trim()) return;
    if (id === this.panel.conversation?.data.id) {
      this.panel.conversation.data.title = next.trim();
      await this.stored.save(this.panel.conversation.data);
    } else {
      await this.store.rename(id, next.trim());
    }
    await this.panel.pushState();
  }

  /** Deletes locally and, best effort, the stored interactions on the server; failures are reported. */
  async deleteConversation(id: string, options: { confirm?: boolean } = {}): Promise<void> {
    const entry = this.store.entry(id);
    const current = this.panel.conversation;
    const title = (id === current?.data.id ? current.data.title : entry?.title) || vscode.l10n.t('New chat');
    if (options.confirm !== false) {
      const del = vscode.l10n.t('Delete');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete the conversation "{0}"?', title),
        { modal: true, detail: vscode.l10n.t('It is removed from this workspace and its stored interactions are deleted on Google\'s servers.') }, del);
      if (choice !== del) return;
    }
    // Its turns, to forget their checkpoints (the files' texts before and after each edit) with it.
    const turns = id === current?.data.id ? current.data.turns : (await this.store.loadWithoutMedia(id).catch(() => undefined))?.turns ?? [];
    if (id === this.panel.conversation?.data.id) await this.panel.openNew();
    const ids = await this.store.delete(id);
    await this.checkpoints.forgetTurns(turns.map((t) => t.id));
    this.stored.searchTexts.remove(id);
    await this.panel.pushState();
    await this.deleteOnServer(ids, {
      what: `delete "${title}"`,
      deleted: `deleted "${title}" and its ${ids.length} interactions on the server`,
      warning: (failed, total, first) => vscode.l10n.t('"{0}" was deleted here, but {1} of its {2} stored interactions could not be deleted on the server ({3}). They expire on their own after the retention period.', title, failed, total, first),
    });
  }

  /** "Delete all conversations of this workspace": asks first, then deletes here and on the server. */
  async deleteAllConversations(options: { confirm?: boolean } = {}): Promise<void> {
    const current = this.panel.conversation;
    const count = new Set([...this.store.list().map((e) => e.id), ...(current?.data.turns.length ? [current.data.id] : [])]).size;
    if (!count) {
      void vscode.window.showInformationMessage(storageMessages.deleteAllNothing);
      return;
    }
    if (options.confirm !== false) {
      const choice = await vscode.window.showWarningMessage(storageMessages.deleteAllConfirm(count),
        { modal: true, detail: storageMessages.deleteAllDetail }, storageMessages.deleteAllButton);
      if (choice !== storageMessages.deleteAllButton) return;
    }
    await this.panel.openNew();
    const ids = await this.store.deleteAll();
    await this.checkpoints.forgetAll();
    this.stored.searchTexts.clear();
    await this.panel.pushState();
    this.log.info(`deleted all ${count} conversations of this workspace`);
    await this.deleteOnServer(ids, {
      what: 'delete all',
      deleted: `deleted ${ids.length} interactions on the server`,
      warning: storageMessages.deleteAllServerFailed,
    });
  }

  /**
   * Deletes stored interactions on the server, best effort: what could not be deleted is logged and told
   * once, with Show Log (they expire on their own). `what` and `deleted` are the log's words.
   */
  private async deleteOnServer(ids: string[], report: { what: string; deleted: string; warning(failed: number, total: number, first: string): string }): Promise<void> {
    if (!ids.length) return;
    let failed: { id: string; message: string }[];
    try {
      failed = await deleteInteractions(await this.access.api(), ids, hostMessages);
    } catch (e) {
      failed = ids.map((i) => ({ id: i, message: (e as Error).message }));
    }
    if (!failed.length) {
      this.log.info(report.deleted);
      return;
    }
    this.log.warn(`${report.what}: ${failed.length} of ${ids.length} interactions not deleted on the server: ${failed.map((f) => `${f.id}: ${f.message}`).join('; ')}`);
    void vscode.window.showWarningMessage(report.warning(failed.length, ids.length, failed[0].message), vscode.l10n.t('Show Log'))
      .then((c) => { if (c) void vscode.commands.executeCommand('geminiInteractions.showLog'); });
  }

  /** A stored conversation's data (the current one when no id is given), for export. */
  async conversationData(id?: string): Promise<ConversationData | undefined> {
    if (!id || id === this.panel.conversation?.data.id) return (await this.panel.ensureConversation()).data;
    return this.store.load(id);
  }

  /** "Export" in the history or the palette. */
  async exportConversation(id?: string, opts: { format?: ExportFormat; target?: vscode.Uri } = {}): Promise<vscode.Uri | undefined> {
    return exportConversation(await this.conversationData(id), opts);
  }
}

/** The history list's messages: switch, rename, export, delete one or all. */
export function historyHandlers(library: ConversationLibrary): Pick<CommandHandlers,
  'switchConversation' | 'renameConversation' | 'exportConversation' | 'deleteConversation' | 'deleteAllConversations'> {
  return {
    switchConversation: (m) => library.switchTo(m.id),
    renameConversation: (m) => library.rename(m.id, m.title),
    exportConversation: async (m) => { await library.exportConversation(m.id); },
    deleteConversation: (m) => library.deleteConversation(m.id),
    deleteAllConversations: () => library.deleteAllConversations(),
  };
}

/** History search: the texts of the listed conversations the webview lacks. */
export function historyRequests(stored: StoredConversations): Pick<RequestHandlers, 'historySearchText'> {
  return {
    historySearchText: async (r) => ({ docs: await stored.searchTexts.missing(stored.store.list(), r.known) }),
  };
}
