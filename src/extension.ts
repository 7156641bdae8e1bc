// Composition root: builds the services and registers the view and commands. Nothing else lives here,
// and nothing heavy runs at activation (the Gemini SDK loads on the first request).
import * as vscode from 'vscode';
import { ApiKeyStore } from './vscode/apiKey';
import { createLogger } from './vscode/log';
import { workspaceConversationStore } from './vscode/storage';
import { ChatController } from './vscode/chatController';
import { ChatViewProvider, CHAT_VIEW_ID } from './vscode/chatView';
import { registerCommands } from './vscode/commands';
import { registerAgentCommands } from './vscode/agentCommands';
import { Attachments } from './vscode/attachments';

export function activate(context: vscode.ExtensionContext): void {
  const keys = new ApiKeyStore(context.secrets);
  const log = createLogger(() => keys.known());
  const store = workspaceConversationStore(context, log);
  const controller = new ChatController(context, store, keys, log);
  const view = new ChatViewProvider(context.extensionUri, controller);
  const attachments = new Attachments(context, {
    send: (m) => controller.send(m), post: (m) => controller.postToView(m), reveal: () => view.reveal(), uploadApi: () => controller.uploadApi(),
  }, log);
  controller.attachments = attachments;
  context.subscriptions.push(
    log,
    controller,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    ...registerCommands({ controller, view, keys, attachments, showLog: () => log.show() }),
    ...registerAgentCommands(controller, view, context.secrets),
  );
  // A Deep Research run that was going when the window closed continues (only loads the SDK if there is one).
  void controller.resumeBackgroundRuns().catch((e) => log.error(`could not resume a background run: ${(e as Error).message}`));
  log.info(`activated (VS Code ${vscode.version})`);
}

export function deactivate(): void {
  // Subscriptions are disposed by VS Code.
}
