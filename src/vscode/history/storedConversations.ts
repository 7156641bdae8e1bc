// The conversation journals as the user meets them: open one (a journal a crash damaged is told once), rebuild
// one from the server when its transcript is gone, save with a failure told once until a save works again, and
// the text history search looks in. The panel opens and saves through it, so it comes before the panel.
import * as vscode from 'vscode';
import { randomId } from '../../core/util/ids';
import type { ConversationData, Logger } from '../../core/conversation/types';
import { SearchTextCache } from '../../core/history/searchText';
import { storageMessages } from '../../core/l10n/storageStrings';
import { StorageError, type ConversationStore } from '../../core/storage/conversationStore';
import type { ApiAccess } from '../gemini/geminiAccess';
import { CHAT_VIEW_ID } from '../panel/viewIds';

export class StoredConversations {
  /** A failed save is reported once until a save succeeds again (every later one would fail the same way). */
  private saveFailing = false;
  /** The text history search looks in, per conversation: read from the journals once, then kept by saves. */
  readonly searchTexts: SearchTextCache;

  constructor(readonly store: ConversationStore, private readonly access: Pick<ApiAccess, 'api'>, private readonly log: Logger) {
    this.searchTexts = new SearchTextCache((id) => store.loadWithoutMedia(id));
  }

  /** Saves for the conversation: a failure (a full disk) is told to the user once, in words they can act on. */
  async save(data: ConversationData): Promise<void> {
    try {
      await this.store.save(data);
      this.saveFailing = false;
      this.searchTexts.put(data);
    } catch (e) {
      const message = e instanceof StorageError ? e.message : storageMessages.saveFailed((e as Error).message);
      this.log.error(`could not save conversation ${data.id}: ${(e as Error).message}${e instanceof StorageError && e.cause ? ` (${(e.cause as Error).message})` : ''}`);
      if (!this.saveFailing) void vscode.window.showErrorMessage(message);
      this.saveFailing = true;
      throw e;
    }
  }

  /** The stored conversation; a journal damaged by a crash is told once (the store then rewrites it clean). */
  async open(id: string): Promise<ConversationData | undefined> {
    const opened = await this.store.open(id);
    if (opened?.recovered) {
      this.log.warn(`conversation ${id} recovered with loss: ${JSON.stringify(opened.recovered)}`);
      void vscode.window.showWarningMessage(storageMessages.recovered(opened.data.title, opened.recovered));
    }
    return opened?.data;
  }

  /** The stored conversation, or, when its transcript is gone, one rebuilt from its interactions on the server. */
  async openOrRestore(id: string): Promise<ConversationData | undefined> {
    const data = await this.open(id);
    if (data) return data;
    const entry = this.store.entry(id);
    if (!entry?.interactionIds.length) return undefined;
    try {
      return await vscode.window.withProgress({ location: { viewId: CHAT_VIEW_ID }, title: vscode.l10n.t('Restoring the conversation from the server…') }, async () => {
        const { restoreFromServer } = await import('../../core/gemini/restore');
        const restored = await restoreFromServer(await this.access.api(), entry, randomId);
        await this.save(restored);
        this.log.info(`restored conversation ${id} from ${entry.interactionIds.length} interactions on the server`);
        return restored;
      });
    } catch (e) {
      this.log.error(`could not restore conversation ${id}: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('The conversation\'s local transcript is missing and it could not be restored from the server: {0}', (e as Error).message));
      return undefined;
    }
  }
}
