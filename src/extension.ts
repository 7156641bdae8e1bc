// Composition root: builds the leaf services, then the panel, then the features on narrow ports, and lists
// every registration once. Nothing is patched after construction; the one late binding (the view hands its
// messages to the router, which is built from features that reveal the view) is a closure. Nothing heavy
// runs at activation (the Gemini SDK loads on the first request).
import * as vscode from 'vscode';
import { Attachments, attachmentHandlers, attachmentRequests } from './vscode/attachments/attachments';
import { registerEditorCommands } from './vscode/editor/editorCommands';
import { ApplyCode, sourceOf } from './vscode/edits/applyCode';
import { ChangedFiles } from './vscode/edits/changedFiles';
import { editHandlers, registerEditCommands } from './vscode/edits/editCommands';
import { FileEdits } from './vscode/edits/fileEdits';
import type { ImproveDeps } from './vscode/edits/improveSelection';
import { ApiKeyStore } from './vscode/gemini/apiKeyStore';
import { GeminiAccess } from './vscode/gemini/geminiAccess';
import { registerKeyCommands } from './vscode/gemini/keyCommands';
import { registerGoogleCloudSignIn } from './vscode/gemini/googleCloudSignIn';
import { ConversationLibrary, historyHandlers, historyRequests } from './vscode/history/conversationLibrary';
import { registerHistoryCommands } from './vscode/history/historyCommands';
import { workspaceConversationStore } from './vscode/history/storage';
import { StoredConversations } from './vscode/history/storedConversations';
import { startTerminalRecorder } from './vscode/mentions/terminalOutput';
import { ModelCatalogueHost, modelHandlers } from './vscode/models/modelCatalogue';
import { checkApiRetiredModels, checkRetiredAgent, checkRetiredModels } from './vscode/models/retiredModels';
import { registerChatParticipant, type ParticipantDeps } from './vscode/native/chatParticipant';
import { registerLanguageModelProvider } from './vscode/native/lmProvider';
import { LearnedRefusals } from './core/models/learnedRefusals';
import { ChatPanel } from './vscode/panel/chatPanel';
import { ChatViewProvider } from './vscode/panel/chatView';
import { CodeBlockActions, codeBlockHandlers } from './vscode/panel/codeBlockActions';
import { panelHandlers, panelRequests, registerPanelCommands } from './vscode/panel/panelCommands';
import { handlerTable, PanelRouter, type CommandHandlers, type RequestHandlers } from './vscode/panel/router';
import { saveMediaRequests } from './vscode/panel/saveMedia';
import { ViewChannel } from './vscode/panel/viewChannel';
import { CHAT_VIEW_ID } from './vscode/panel/viewIds';
import { RulesFiles, rulesHandlers } from './vscode/rules/rulesFiles';
import { readTurnSettings } from './vscode/settings/settings';
import { SettingsContextHost } from './vscode/settings/settingsContext';
import { BackgroundRuns } from './vscode/slash/backgroundRuns';
import { Research, researchHandlers } from './vscode/slash/research';
import { registerSlashCommands } from './vscode/slash/slashCommands';
import { SlashDispatcher, slashHandlers } from './vscode/slash/slashDispatcher';
import { StructuredOutput } from './vscode/slash/structuredOutput';
import { ScriptedMcpQuestions } from './vscode/testing/mcpQuestions';
import { registerTestHooks } from './vscode/testing/testHooks';
import { MCP_SECRET_PREFIX, KnownMcpSecrets } from './vscode/tools/mcpSecrets';
import { approvalHandlers, ToolApprovals } from './vscode/tools/toolApprovals';
import { registerToolCommands } from './vscode/tools/toolCommands';
import { askInModal, mcpHandlers, registerWorkspaceMcpCommands, WorkspaceMcpServers } from './vscode/tools/workspaceMcp';
import { registerLearnedRefusalsCommand } from './vscode/models/learnedRefusalsCommand';
import { CodeIndex, registerCodeIndexCommands } from './vscode/codeIndex/codeIndex';
import { citationHandlers } from './vscode/codeIndex/citations';
import { createLogger } from './vscode/util/log';
import { ChatModes, modeHandlers } from './vscode/modes/chatModes';
import { redact } from './core/util/redact';

export function activate(context: vscode.ExtensionContext): void {
  // Under a test runner only: the internal.* commands and the arguments that skip a question.
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const { workspaceState, globalState } = context;

  // ---- leaf services ----
  const keys = new ApiKeyStore(context.secrets);
  const mcpSecrets = new KnownMcpSecrets(context.secrets);
  /** Every secret the extension knows (API key, MCP secrets): redacted from the log and stored error text. */
  const known = () => [...keys.known(), ...mcpSecrets.all()];
  const redactKnown = (text: string) => redact(text, known());
  const log = createLogger(known);
  const store = workspaceConversationStore(context, log);
  const access = new GeminiAccess(keys, workspaceState, log);
  // The key's model list (on demand: the picker, Set API Key).
  const catalogue = new ModelCatalogueHost(globalState, () => access.modelsTarget(), log);
  // A list cached by an earlier window: its facts (thinking, limits, names) apply from the first request.
  void catalogue.cached().catch(() => undefined);
  // The rules files (AGENTS.md, ...) sent in the system instruction.
  const rules = new RulesFiles(log);
  // The MCP servers the workspace's settings add: used once the user allowed each URL (asked before a request).
  const mcpQuestions = testMode ? new ScriptedMcpQuestions(askInModal) : undefined;
  const mcp = new WorkspaceMcpServers({ workspaceState, secret: (name) => context.secrets.get(MCP_SECRET_PREFIX + name), log, ask: mcpQuestions?.ask });
  // The codebase index on Gemini File Search (built only when the user asks; used by chat turns once built).
  const codeIndex = new CodeIndex(workspaceState, context.storageUri, () => access.fileSearchApi(), log);
  const settings = new SettingsContextHost({
    secret: (name) => context.secrets.get(MCP_SECRET_PREFIX + name),
    rulesText: async () => (await rules.read()).text,
    mcp,
    indexStore: () => codeIndex.activeStore(),
  }, log);
  const stored = new StoredConversations(store, access, log);
  const edits = new FileEdits(workspaceState, log);
  // The composer's mode (Ask, Plan, Agent), remembered per workspace: which tools each turn declares.
  const modes = new ChatModes(workspaceState);

  // ---- the view connection and the view (its messages go to the router built last) ----
  const channel = new ViewChannel();
  const view = new ChatViewProvider(context.extensionUri, {
    attachView: (post) => channel.attach(post),
    detachView: () => channel.detach(),
    handle: (m) => router.handle(m),
  });
  const reveal = () => view.reveal();
  const approvals = new ToolApprovals({ workspaceState, edits, post: channel.post, reveal: () => void view.reveal(true), log });
  const runs = new BackgroundRuns(workspaceState, channel.post);

  // ---- the panel ----
  // Thinking levels the API refused per model, in globalState (dated, forgotten after some days): one
  // memory for the panel and VS Code's own chat, across windows.
  const refusals = new LearnedRefusals(globalState);
  const panel = new ChatPanel({
    refusals, workspaceState, store, storage: stored, access, onDidChangeKey: keys.onDidChange, settings,
    tools: approvals.toolRunner(), mode: () => modes.current(), background: runs.tracker(), progress: runs, view: channel,
    sources: {
      hasApiKey: () => access.ready(),
      listedModels: () => catalogue.cached(),
      indexStore: () => codeIndex.activeStore(),
      codeIndex: async () => {
        if (!vscode.workspace.isTrusted || !vscode.workspace.workspaceFolders?.length) return undefined;
        const s = await codeIndex.status();
        return { state: s.state, files: s.files, pending: s.pending, ...(s.lastRun ? { lastRun: s.lastRun } : {}) };
      },
      pendingApprovals: () => approvals.pendingApprovals(),
      rules: () => rules.panelInfo(),
      mcp: () => mcp.panelInfo(),
      mode: () => modes.current(),
    },
    redact: redactKnown,
    log,
  });

  // ---- features ----
  const library = new ConversationLibrary(panel, stored, access, edits, log);
  // "Apply to file" of code blocks: proposals reviewed in the diff editor.
  const apply = new ApplyCode({
    api: () => access.api(), model: () => readTurnSettings().model, sourceOf: (id) => sourceOf(panel.conversation?.data.turns ?? [], id),
    status: (status) => channel.post({ type: 'applyStatus', status }), log,
  });
  const changed = new ChangedFiles(panel, edits, approvals.onDidChangeFile);
  const codeBlocks = new CodeBlockActions();
  const research = new Research(panel, runs, stored, access, log);
  const structured = new StructuredOutput(panel);
  const slash = new SlashDispatcher(panel, research, structured);
  const send = (text: string, opts: { source?: string } = {}) => slash.send(text, opts);
  const attachments = new Attachments(context, { send: (m) => panel.sendMessage(m), post: channel.post, reveal, uploadApi: () => access.uploadApi() }, log);
  const improve: ImproveDeps = { send, lastModelTurn: () => panel.modelTurn(), apply, reveal };
  // `@gemini` in VS Code's own Chat: the panel's settings, attachments and redaction.
  const participant: ParticipantDeps = {
    access, log, refusals, storage: context.globalStorageUri, extensionUri: context.extensionUri,
    settings: async () => {
      await settings.refresh();
      return readTurnSettings(settings.context());
    },
    prepareFiles: (sources) => attachments.prepareFiles(sources),
    confirmFiles: (uris) => attachments.confirmOutside(uris.map((uri) => ({ type: 'uri', uri })), 'send'),
    redact: redactKnown,
  };

  // ---- the webview's messages: one handler per type, from the feature that owns it ----
  const commands: CommandHandlers = handlerTable(
    panelHandlers(panel, log),
    slashHandlers(slash, (m) => attachments.handle(m)),
    attachmentHandlers(attachments),
    approvalHandlers(approvals),
    codeBlockHandlers(codeBlocks),
    editHandlers(apply, changed),
    researchHandlers(research),
    historyHandlers(library),
    modelHandlers(catalogue),
    rulesHandlers(rules),
    mcpHandlers(mcp),
    citationHandlers(log),
    modeHandlers(modes, panel, log),
  );
  const requests: RequestHandlers = handlerTable(
    panelRequests(panel),
    saveMediaRequests((turnId) => panel.modelTurn(turnId)),
    historyRequests(stored),
    attachmentRequests(attachments),
  );
  const router = new PanelRouter(channel, commands, requests);

  // Each new model list is checked once for configured ids the API says are retired or rerouted.
  let apiChecked = false;
  const apiCheck = () => {
    if (apiChecked) return;
    apiChecked = true;
    void checkApiRetiredModels(catalogue, globalState, log).catch((e) => log.error(`retired-model check (API) failed: ${(e as Error).message}`));
  };

  context.subscriptions.push(
    log,
    mcpSecrets,
    panel,
    approvals,
    runs,
    edits,
    rules,
    mcp,
    apply,
    changed,
    codeBlocks,
    // @terminal: the output of shell-integrated commands can only be read as they run.
    startTerminalRecorder(),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    // The rules files' line under the header follows the files, the setting and Workspace Trust.
    rules.onDidChange(() => void panel.pushState()),
    // So does the MCP servers' line, when an answer about a workspace's server changes.
    mcp.onDidChange(() => void panel.pushState()),
    // The composer's mode control shows the mode (also after Carry out this plan switched it).
    modes,
    modes.onDidChange(() => void panel.pushState()),
    // A new model list: the picker shows it.
    catalogue.onDidChange(() => { apiCheck(); void panel.pushState(); }),
    ...registerPanelCommands(panel, reveal, () => log.show()),
    registerGoogleCloudSignIn(log),
    ...registerKeyCommands({ keys, testMode, onModelsListed: (key, models) => { apiChecked = false; void catalogue.store(key, models); } }),
    ...registerHistoryCommands(library, reveal),
    ...registerEditCommands(apply),
    ...registerEditorCommands({ sendMessage: (m) => panel.sendMessage(m), newChat: () => panel.newChat(), reveal, attachments, improve, testMode }),
    ...registerSlashCommands({ panel, research, structured, reveal, testMode }),
    ...registerToolCommands({ secrets: context.secrets, mcpSecrets, approvals, testMode }),
    ...registerWorkspaceMcpCommands(mcp, testMode),
    registerLearnedRefusalsCommand(refusals, testMode),
    codeIndex,
    codeIndex.onDidChange(() => void panel.pushState()),
    ...registerCodeIndexCommands(codeIndex),
    // VS Code's own Chat: Gemini models in its model picker, through the same client and core.
    ...registerLanguageModelProvider(access, log, redactKnown, refusals),
    registerChatParticipant(participant),
    ...(mcpQuestions?.register() ?? []),
    ...(testMode ? registerTestHooks({ panel, send: (text) => send(text), approvals, runs, apply, improve, library, research, changed, keys, catalogue, globalState, attachments, participant, access, codeIndex, modes }) : []),
  );
  void mcpSecrets.load().catch((e) => log.warn(`could not read the stored MCP secrets: ${(e as Error).message}`));
  // A Deep Research run that was going when the window closed continues (only loads the SDK if there is one).
  void research.resumeBackgroundRuns().catch((e) => log.error(`could not resume a background run: ${(e as Error).message}`));
  // Retired model ids in the user's settings: a one-time notice with a quick fix.
  void checkRetiredModels(globalState, log)
    .then(() => checkRetiredAgent(globalState, log))
    .catch((e) => log.error(`retired-model check failed: ${(e as Error).message}`));
  log.info(`activated (VS Code ${vscode.version})`);
}

export function deactivate(): void {
  // Subscriptions are disposed by VS Code.
}
