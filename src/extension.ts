// Composition root: builds the services and registers the view and commands. Nothing else lives here,
// and nothing heavy runs at activation (the Gemini SDK loads on the first request).
import * as vscode from 'vscode';
import { ApiKeyStore } from './vscode/gemini/apiKeyStore';
import { GeminiAccess } from './vscode/gemini/geminiAccess';
import { createLogger } from './vscode/util/log';
import { workspaceConversationStore } from './vscode/history/storage';
import { ChatController } from './vscode/panel/chatController';
import { ChatViewProvider } from './vscode/panel/chatView';
import { CHAT_VIEW_ID } from './vscode/panel/viewIds';
import { registerCommands } from './vscode/commands';
import { registerAgentCommands } from './vscode/agentCommands';
import { Attachments } from './vscode/attachments/attachments';
import { KnownMcpSecrets } from './vscode/tools/mcpSecrets';
import { checkApiRetiredModels, checkRetiredModels } from './vscode/models/retiredModels';
import { ModelCatalogueHost } from './vscode/models/modelCatalogue';
import { registerLanguageModelProvider } from './vscode/native/lmProvider';
import { registerChatParticipant } from './vscode/native/chatParticipant';
import { readTurnSettings } from './vscode/settings/settings';
import { startTerminalRecorder } from './vscode/mentions/terminalOutput';

export function activate(context: vscode.ExtensionContext): void {
  // Under a test runner only: the internal.* commands and the arguments that skip a question.
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const keys = new ApiKeyStore(context.secrets);
  const mcpSecrets = new KnownMcpSecrets(context.secrets);
  const known = () => [...keys.known(), ...mcpSecrets.all()];
  const log = createLogger(known);
  const store = workspaceConversationStore(context, log);
  const access = new GeminiAccess(keys, context.workspaceState, log);
  const controller = new ChatController(context, store, keys, access, log, known);
  const view = new ChatViewProvider(context.extensionUri, controller);
  controller.revealView = () => view.reveal(true);
  const attachments = new Attachments(context, {
    send: (m) => controller.send(m), post: (m) => controller.postToView(m), reveal: () => view.reveal(), uploadApi: () => access.uploadApi(),
  }, log);
  controller.attachments = attachments;
  // The key's model list (on demand: the picker, Set API Key); each new list is checked once for
  // configured ids the API says are retired or rerouted.
  const catalogue = new ModelCatalogueHost(context.globalState, keys, log);
  controller.catalogue = catalogue;
  let apiChecked = false;
  const apiCheck = () => {
    if (apiChecked) return;
    apiChecked = true;
    void checkApiRetiredModels(catalogue, context.globalState, log).catch((e) => log.error(`retired-model check (API) failed: ${(e as Error).message}`));
  };
  context.subscriptions.push(
    log,
    mcpSecrets,
    controller,
    // @terminal: the output of shell-integrated commands can only be read as they run.
    startTerminalRecorder(),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    catalogue.onDidChange(() => { apiCheck(); controller.refreshModels(); }),
    ...registerCommands({ controller, view, keys, attachments, showLog: () => log.show(), testMode,
      onModelsListed: (key, models) => { apiChecked = false; void catalogue.store(key, models); } }),
    ...(testMode ? [vscode.commands.registerCommand('geminiInteractions.internal.checkApiRetiredModels', async (accept: boolean) => {
      let said: string | undefined;
      const result = await checkApiRetiredModels(catalogue, context.globalState, { info() {} }, (m, a) => { said = m; return Promise.resolve(accept ? a : undefined); });
      return { result, said };
    })] : []),
    ...registerAgentCommands(controller, view, context.secrets, mcpSecrets, testMode),
    // VS Code's own Chat: Gemini models in its model picker, through the same client and core.
    ...registerLanguageModelProvider(access, log),
    registerChatParticipant({
      access, log, storage: context.globalStorageUri, extensionUri: context.extensionUri,
      settings: async () => {
        await controller.agent.refreshContext();
        return readTurnSettings(controller.agent.settingsContext());
      },
      prepareFiles: (sources) => attachments.prepareFiles(sources),
    }),
  );
  void mcpSecrets.load().catch((e) => log.warn(`could not read the stored MCP secrets: ${(e as Error).message}`));
  // A Deep Research run that was going when the window closed continues (only loads the SDK if there is one).
  void controller.resumeBackgroundRuns().catch((e) => log.error(`could not resume a background run: ${(e as Error).message}`));
  // Retired model ids in the user's settings: a one-time notice with a quick fix.
  void checkRetiredModels(context.globalState, log).catch((e) => log.error(`retired-model check failed: ${(e as Error).message}`));
  log.info(`activated (VS Code ${vscode.version})`);
}

export function deactivate(): void {
  // Subscriptions are disposed by VS Code.
}
