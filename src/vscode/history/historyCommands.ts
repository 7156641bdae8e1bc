// The history's commands: Show Conversations (the list in the panel) and Export Conversation….
import * as vscode from 'vscode';
import type { ConversationLibrary } from './conversationLibrary';

export function registerHistoryCommands(library: ConversationLibrary, reveal: () => Promise<void>): vscode.Disposable[] {
  const reg = vscode.commands.registerCommand;
  return [
    reg('geminiInteractions.showConversations', async () => {
      await reveal();
      library.showHistory();
    }),
    // From the history's context menu VS Code passes the item's data-vscode-context (its conversation id).
    reg('geminiInteractions.exportConversation', (context?: unknown) => {
      const id = (context as { conversationId?: unknown } | undefined)?.conversationId;
      return library.exportConversation(typeof id === 'string' ? id : undefined);
    }),
  ];
}
