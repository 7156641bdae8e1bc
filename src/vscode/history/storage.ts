// Where this workspace's conversations are kept: the index in workspaceState, journals and media in the
// workspace storage folder.
import * as vscode from 'vscode';
import { ConversationStore, type IndexEntry } from '../../core/storage/conversationStore';
import { nodeFs } from '../../core/storage/nodeFs';
import type { Logger } from '../../core/conversation/types';

const INDEX_KEY = 'geminiInteractions.conversations';

/**
 * The index in workspaceState; journals and media in the workspace storage folder (per workspace). The
 * folder is on the extension host's local disk, so node:fs does the appends and fsyncs the store needs
 * (vscode.workspace.fs has neither).
 */
export function workspaceConversationStore(context: vscode.ExtensionContext, log: Logger): ConversationStore {
  const root = context.storageUri ?? context.globalStorageUri;
  const dir = vscode.Uri.joinPath(root, 'conversations').fsPath;
  return new ConversationStore({
    readIndex: () => context.workspaceState.get<IndexEntry[]>(INDEX_KEY),
    writeIndex: async (entries) => { await context.workspaceState.update(INDEX_KEY, entries); },
  }, nodeFs, dir, {
    onBackgroundError: (e) => log.warn(`conversation storage (background): ${e.message}`),
    // A long conversation's media stays on disk until a request, Save or the view asks for it.
    lazyMedia: true,
  });
}
