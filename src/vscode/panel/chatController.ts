import { buildCatalogue } from '../../core/models/catalogue';
import { MANAGE_KEYS_URL } from '../../core/gemini/errors';
import type { ModelCatalogueHost } from '../models/modelCatalogue';
import * as vscode from 'vscode';
import { hostMessages } from '../l10n/coreStrings';
import { redact } from '../../core/util/redact';
import { Conversation, deleteInteractions, randomId } from '../../core/conversation/conversation';
import type { ConversationStore } from '../../core/storage/conversationStore';
import type { ChangedFile, ConversationData, InputPart, Logger, ModelTurn, TurnSettings, UserAttachment } from '../../core/conversation/types';
import { DeltaCoalescer } from '../../core/panel/deltaCoalescer';
import { ViewOutbox } from '../../core/panel/viewOutbox';
import { RequestRunner } from '../../core/panel/viewRequests';
import { openModelLink } from '../../core/panel/links';
import { extensionFor, mediaFileName } from '../../core/panel/mediaFiles';
import { toViewTurn, type HostToWebview, type RequestResults, type ViewState, type WebviewRequest, type WebviewToHost } from '../../core/panel/protocol';
import type { ApiKeyStore } from '../gemini/apiKeyStore';
import type { GeminiAccess } from '../gemini/geminiAccess';
import { panelTools, readAgentSettings, readEndpoint, readMeter, readModels, readTurnSettings, updateSetting } from '../settings/settings';
import { answerText } from '../../core/conversation/transcript';
import { parseSlash } from '../../core/slash/parseSlash';
import { AgentHost } from '../agentic';
import type { Attachments } from '../attachments/attachments';
import { CHAT_VIEW_ID } from './viewIds';
import { ApplyCode } from '../edits/applyCode';
import { exportConversation, type ExportFormat } from '../history/exportConversation';
import { StorageError } from '../../core/storage/conversationStore';
import { ConversationMedia } from '../../core/panel/lazyMedia';
import { storageMessages } from '../../core/l10n/storageStrings';
import { SearchTextCache } from '../../core/history/searchText';

const CURRENT_KEY = 'geminiInteractions.currentConversation';
/** What "Start research" on a reviewed plan sends, and what the user's turn shows. */
const RESEARCH_TEXT = {
  get startPrompt() { return vscode.l10n.t('The plan is fine. Start the research now, following this plan.'); },
  get startShown() { return vscode.l10n.t('Start research'); },
};

/** Owns the conversations of this workspace and speaks the protocol with the chat webview. */
export class ChatController implements vscode.Disposable {
  private current: Conversation | undefined;
  private coalescer: DeltaCoalescer | undefined;
  /** Holds what a view that is still loading must not miss (see ViewOutbox). */
  private readonly outbox = new ViewOutbox((m) => this.coalescer?.post(m));
  private readonly post = (m: HostToWebview): void => this.outbox.post(m);
  private readonly disposables: vscode.Disposable[] = [];
  readonly agent: AgentHost;
  /** "Apply to file" of code blocks: proposals reviewed in the diff editor. */
  readonly apply: ApplyCode;
  /** Attach requests, sends that carry attachments, removed chips (set by the composition root). */
  attachments: Pick<Attachments, 'handle' | 'request'> | undefined;
  /** Shows the chat view without taking the focus (set by the composition root; a no-op until then). */
  revealView: () => Promise<void> = async () => {};
  /** The key's model list for the picker (set by the composition root; the static list until then). */
  catalogue: Pick<ModelCatalogueHost, 'cached' | 'listed'> | undefined;
  private readonly requests = new RequestRunner((m) => this.post(m));
  /** The media refs of the conversation last shown, the only ones `loadMedia` answers. */
  private readonly viewMedia = new ConversationMedia();
  /** The last focused text editor: where "Insert at cursor" goes while the webview has the focus. */
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  /** A failed save is reported once until a save succeeds again (every later one would fail the same way). */
  private saveFailing = false;
  private sizesMeasured = false;
  /** The text history search looks in, per conversation: read from the journals once, then kept by saves. */
  private readonly searchTexts: SearchTextCache;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: ConversationStore,
    private readonly keys: ApiKeyStore,
    /** The window's Gemini client and its configuration checks. */
    readonly access: GeminiAccess,
    private readonly log: Logger,
    /** Every secret the extension knows (API key, MCP secrets): redacted from stored error text. */
    private readonly knownSecrets: () => (string | undefined)[] = () => keys.known(),
  ) {
    this.searchTexts = new SearchTextCache((id) => store.loadWithoutMedia(id));
    this.agent = new AgentHost(context, log, (m) => this.post(m), () => void this.revealView());
    this.apply = new ApplyCode({
      api: () => this.access.api(), model: () => readTurnSettings().model, sourceOf: (id) => this.sourceOf(id),
      status: (status) => this.post({ type: 'applyStatus', status }), log,
    });
    this.disposables.push(this.apply);
    this.agent.onFileChanged = (turnId, file) => this.fileChanged(turnId, file);
    this.disposables.push(keys.onDidChange(() => void this.pushState()));
    this.disposables.push(vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e && e.document.uri.scheme !== 'output') this.lastEditor = e;
    }));
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('geminiInteractions')) void this.pushState();
    }));
    // The rules files' line under the header follows the files, the setting and Workspace Trust.
    this.disposables.push(this.agent.rules.onDidChange(() => void this.pushState()));
  }

  attachView(post: (m: HostToWebview) => void): void {
    // Every message goes through the coalescer: deltas merge for a frame, anything else flushes first.
    this.coalescer?.discard();
    this.coalescer = new DeltaCoalescer(post);
    this.outbox.notReady();
  }

  detachView(): void {
    this.requests.cancelAll();
    this.coalescer?.discard();
    this.coalescer = undefined;
    this.outbox.notReady();
  }

  async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        await this.ensureConversation();
        // The state first (the outbox would hold nothing back from a view that is not ready), then what waited.
        const state = await this.viewState();
        // A view that (re)loaded remembers no turn and gets the whole state: nothing pending matters.
        this.coalescer?.discard();
        this.coalescer?.post({ type: 'state', state });
        this.outbox.markReady();
        return;
      }
      case 'send':
        if (msg.attachments?.length && this.attachments) return this.attachments.handle(msg);
        await this.send(msg.text);
        return;
      case 'removeAttachment':
        return this.attachments?.handle(msg);
      case 'request':
        return this.requests.run(msg.id, (signal) => this.answer(msg.request, signal));
      case 'cancel':
        this.requests.cancel(msg.id);
        return;
      case 'stop':
        this.log.info(`stop requested${this.current?.busy ? '' : ' (nothing is running)'}`);
        // A background run (Deep Research) is cancelled on the server too.
        await this.current?.stop();
        return;
      case 'approve':
        this.agent.answer(msg.callId, msg.decision);
        return;
      case 'continue':
        await this.send(vscode.l10n.t('Continue exactly where you stopped.'));
        return;
      case 'newChat':
        return this.newChat();
      case 'runCommand': {
        if (msg.command === 'manageKeys') { await vscode.env.openExternal(vscode.Uri.parse(MANAGE_KEYS_URL)); return; }
        const id = { setApiKey: 'geminiInteractions.setApiKey', openSettings: 'workbench.action.openSettings', showLog: 'geminiInteractions.showLog' }[msg.command];
        await vscode.commands.executeCommand(id, ...(msg.command === 'openSettings' ? ['geminiInteractions'] : []));
        return;
      }
      case 'openLink': {
        // Links from model output open only after a click, and only http(s) and mailto; mail always asks
        // first, and so does a link whose text names another address (src/core/panel/links.ts).
        const result = await openModelLink(String(msg.url), typeof msg.text === 'string' ? msg.text : undefined, {
          confirm: (message, detail, action) => Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, action)),
          open: (url) => Promise.resolve(vscode.env.openExternal(vscode.Uri.parse(url, true))),
        }, hostMessages);
        if (result === 'refused') this.log.warn(`Not opening a link with a disallowed scheme: ${String(msg.url).slice(0, 80)}`);
        return;
      }
      case 'codeAction':
        return this.codeAction(msg);
      case 'startPlannedResearch':
        await this.startPlannedResearch();
        return;
      case 'applyCode':
        return this.apply.apply(msg);
      case 'applyAction':
        return this.apply.action(msg.applyId, msg.action);
      case 'openApprovalDiff':
        return this.agent.openApprovalDiff(msg.callId);
      case 'openChangeDiff':
        return this.openChangeDiff(msg.turnId, msg.path);
      case 'undoTurnChanges':
        await this.undoTurnChanges(msg.turnId);
        return;
      case 'switchConversation':
        return this.switchTo(msg.id);
      case 'renameConversation':
        return this.rename(msg.id, msg.title);
      case 'exportConversation':
        await this.exportConversation(msg.id);
        return;
      case 'deleteConversation':
        return this.deleteConversation(msg.id);
      case 'deleteAllConversations':
        return this.deleteAllConversations();
      case 'retry':
        return this.retry();
      case 'setModel':
        if (typeof msg.model === 'string' && msg.model.trim()) await updateSetting('model', msg.model.trim());
        return;
      case 'listModels':
        // Answered by the next state (the catalogue's change event) once the list arrives.
        void this.catalogue?.listed();
        return;
      case 'setTool':
        if (['codeExecution', 'urlContext', 'googleSearch', 'googleMaps', 'fileSearch'].includes(msg.tool)) await updateSetting(`tools.${msg.tool}`, !!msg.enabled);
        return;
      case 'openRulesFile':
        return this.agent.rules.open(msg.path);
    }
  }

  /** Webview requests: what the webview shows in place once answered. */
  private async answer(req: WebviewRequest, signal: AbortSignal): Promise<RequestResults[keyof RequestResults]> {
    if (req.type === 'saveMedia') return this.saveMedia(req.turnId, req.index);
    if (req.type === 'loadMedia') return this.viewMedia.answer(req.ref);
    if (req.type === 'historySearchText') return { docs: await this.searchTexts.missing(this.store.list(), req.known) };
    if (!this.attachments) throw new Error(vscode.l10n.t('Attachments are not available.'));
    return this.attachments.request(req, signal);
  }

  /** Copy / Insert at cursor / Open in new editor, from a code block's toolbar. */
  private async codeAction(msg: Extract<WebviewToHost, { type: 'codeAction' }>): Promise<void> {
    if (msg.action === 'copy') {
      await vscode.env.clipboard.writeText(msg.code);
      return;
    }
    if (msg.action === 'open') {
      const language = msg.language ? languageId(msg.language) : undefined;
      const known = language && (await vscode.languages.getLanguages()).includes(language);
      const doc = await vscode.workspace.openTextDocument({ content: msg.code, ...(known ? { language } : {}) });
      await vscode.window.showTextDocument(doc, { preview: false });
      return;
    }
    // The webview has focus now, so "the cursor" is the one in the editor the user was in last.
    const editor = vscode.window.visibleTextEditors.find((e) => e === this.lastEditor) ?? vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open a text editor and place the cursor where the code should go, then choose "Insert at cursor" again.'));
      return;
    }
    const ok = await editor.edit((b) => {
      for (const sel of editor.selections) b.replace(sel, msg.code);
    });
    if (!ok) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Could not insert the code into {0}: the editor is read-only or changed meanwhile.', editor.document.fileName));
      return;
    }
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  }

  // ---- conversation management ----------------------------------------------------------------------

  /** Opens the conversation list in the panel (the view-title "Show Conversations" command). */
  showHistory(): void {
    // The view may still be loading (its webview is created on reveal): the outbox delivers it once ready.
    this.post({ type: 'showHistory' });
  }

  /** Makes another stored conversation current; rebuilds it from the server when its transcript is gone. */
  async switchTo(id: string): Promise<void> {
    if (id === this.current?.data.id) return this.pushState();
    const data = await this.loadOrRestore(id);
    if (!data) {
      void vscode.window.showErrorMessage(vscode.l10n.t('That conversation could not be opened: it is no longer stored in this workspace.'));
      return this.pushState();
    }
    this.current?.stop();
    this.current = this.createConversation(data);
    await this.context.workspaceState.update(CURRENT_KEY, id);
    await this.pushState();
    this.post({ type: 'focusInput' });
  }

  async rename(id: string, title?: string): Promise<void> {
    const old = id === this.current?.data.id ? this.current.data.title : this.store.entry(id)?.title;
    const next = title ?? await vscode.window.showInputBox({
      title: vscode.l10n.t('Rename Conversation'), prompt: vscode.l10n.t('New title'), value: old ?? '',
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('The title cannot be empty.')),
    });
    if (!next?.trim()) return;
    if (id === this.current?.data.id) {
      this.current.data.title = next.trim();
      await this.save(this.current.data);
    } else {
      await this.store.rename(id, next.trim());
    }
    await this.pushState();
  }

  /** Deletes locally and, best effort, the stored interactions on the server; failures are reported. */
  async deleteConversation(id: string, options: { confirm?: boolean } = {}): Promise<void> {
    const entry = this.store.entry(id);
    const title = (id === this.current?.data.id ? this.current.data.title : entry?.title) || vscode.l10n.t('New chat');
    if (options.confirm !== false) {
      const del = vscode.l10n.t('Delete');
      const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Delete the conversation "{0}"?', title),
        { modal: true, detail: vscode.l10n.t('It is removed from this workspace and its stored interactions are deleted on Google\'s servers.') }, del);
      if (choice !== del) return;
    }
    if (id === this.current?.data.id) {
      this.current.stop();
      this.current = this.createConversation(emptyConversation());
      await this.context.workspaceState.update(CURRENT_KEY, this.current.data.id);
    }
    const ids = await this.store.delete(id);
    this.searchTexts.remove(id);
    await this.pushState();
    if (!ids.length) return;
    let failed: { id: string; message: string }[];
    try {
      failed = await deleteInteractions(await this.access.api(), ids, hostMessages);
    } catch (e) {
      failed = ids.map((i) => ({ id: i, message: (e as Error).message }));
    }
    if (failed.length) {
      this.log.warn(`delete "${title}": ${failed.length} of ${ids.length} interactions not deleted on the server: ${failed.map((f) => `${f.id}: ${f.message}`).join('; ')}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t('"{0}" was deleted here, but {1} of its {2} stored interactions could not be deleted on the server ({3}). They expire on their own after the retention period.', title, failed.length, ids.length, failed[0].message),
        vscode.l10n.t('Show Log')).then((c) => { if (c) void vscode.commands.executeCommand('geminiInteractions.showLog'); });
    } else {
      this.log.info(`deleted "${title}" and its ${ids.length} interactions on the server`);
    }
  }

  /** "Delete all conversations of this workspace": asks first, then deletes here and on the server. */
  async deleteAllConversations(options: { confirm?: boolean } = {}): Promise<void> {
    const count = new Set([...this.store.list().map((e) => e.id), ...(this.current?.data.turns.length ? [this.current.data.id] : [])]).size;
    if (!count) {
      void vscode.window.showInformationMessage(storageMessages.deleteAllNothing);
      return;
    }
    if (options.confirm !== false) {
      const choice = await vscode.window.showWarningMessage(storageMessages.deleteAllConfirm(count),
        { modal: true, detail: storageMessages.deleteAllDetail }, storageMessages.deleteAllButton);
      if (choice !== storageMessages.deleteAllButton) return;
    }
    this.current?.stop();
    this.current = this.createConversation(emptyConversation());
    await this.context.workspaceState.update(CURRENT_KEY, this.current.data.id);
    const ids = await this.store.deleteAll();
    this.searchTexts.clear();
    await this.pushState();
    this.log.info(`deleted all ${count} conversations of this workspace`);
    if (!ids.length) return;
    let failed: { id: string; message: string }[];
    try {
      failed = await deleteInteractions(await this.access.api(), ids);
    } catch (e) {
      failed = ids.map((i) => ({ id: i, message: (e as Error).message }));
    }
    if (failed.length) {
      this.log.warn(`delete all: ${failed.length} of ${ids.length} interactions not deleted on the server: ${failed.map((f) => `${f.id}: ${f.message}`).join('; ')}`);
      void vscode.window.showWarningMessage(storageMessages.deleteAllServerFailed(failed.length, ids.length, failed[0].message), vscode.l10n.t('Show Log'))
        .then((c) => { if (c) void vscode.commands.executeCommand('geminiInteractions.showLog'); });
    } else {
      this.log.info(`deleted ${ids.length} interactions on the server`);
    }
  }

  /** Saves for the conversation: a failure (a full disk) is told to the user once, in words they can act on. */
  private async save(data: ConversationData): Promise<void> {
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

  async retry(): Promise<void> {
    const conversation = this.current;
    if (!conversation || conversation.busy) return;
    const problem = await this.access.configurationProblem();
    if (problem) {
      this.post({ type: 'error', message: problem.message, action: problem.action });
      return;
    }
    await conversation.retry();
  }

  /** The stored conversation; a journal damaged by a crash is told once (the store then rewrites it clean). */
  private async openStored(id: string): Promise<ConversationData | undefined> {
    const opened = await this.store.open(id);
    if (opened?.recovered) {
      this.log.warn(`conversation ${id} recovered with loss: ${JSON.stringify(opened.recovered)}`);
      void vscode.window.showWarningMessage(storageMessages.recovered(opened.data.title, opened.recovered));
    }
    return opened?.data;
  }

  private async loadOrRestore(id: string): Promise<ConversationData | undefined> {
    const data = await this.openStored(id);
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

  /** "Save to workspace" for an image (or other media) in model output; answers where it went. */
  private async saveMedia(turnId: string, index: number): Promise<{ savedTo?: string }> {
    const turn = this.current?.data.turns.find((t): t is ModelTurn => t.role === 'model' && t.id === turnId);
    const part = turn?.parts[index];
    if (part?.kind !== 'media' || !part.media.data) throw new Error(vscode.l10n.t('That image is no longer in this conversation.'));
    const media = part.media;
    const data = part.media.data;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = mediaFileName(media);
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save to Workspace'),
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: { [media.mimeType ?? media.type]: [extensionFor(media)] },
    });
    if (!target) return {};
    await vscode.workspace.fs.writeFile(target, Buffer.from(data, 'base64'));
    const savedTo = vscode.workspace.asRelativePath(target, false);
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', savedTo));
    return { savedTo };
  }

  async newChat(): Promise<void> {
    void this.current?.stop();
    this.current = this.createConversation(emptyConversation());
    await this.context.workspaceState.update(CURRENT_KEY, this.current.data.id);
    await this.pushState();
    this.post({ type: 'focusInput' });
  }

  /** Sends a user message in the current conversation (from the webview or a command); `/json`, `/image`, `/research` are commands. */
  /**
   * Sends a user message in the current conversation (from the webview or a command): plain text, or
   * parts (text, media) with what the user's turn shows. Resolves false when nothing was sent.
   */
  async send(message: string | { parts: InputPart[]; text: string; attachments?: UserAttachment[]; source?: string }, opts: { source?: string } = {}): Promise<boolean> {
    if (typeof message !== 'string') {
      if (!message.parts.length) return false;
      const { parts, text, attachments, source } = message;
      return (await this.sendWith(parts, { text, ...(attachments?.length ? { attachments } : {}), ...(source ? { source } : {}) })) !== undefined;
    }
    const text = message;
    if (!text.trim()) return false;
    const slash = parseSlash(text, hostMessages);
    if (slash?.kind === 'invalid') {
      this.post({ type: 'error', message: slash.message });
      return false;
    }
    if (slash?.kind === 'image') return (await this.generateImage(slash.prompt, text)) !== undefined;
    // A reply to a research plan revises it: the agent answers with a new plan.
    const plan = !slash ? this.pendingPlan() : undefined;
    if (plan) {
      plan.researchPlan = false;
      this.post({ type: 'researchPlan', turnId: plan.id, done: true });
      return (await this.startResearch(text, text, true)) !== undefined;
    }
    if (slash?.kind === 'research') return (await this.startResearch(slash.question, text)) !== undefined;
    if (slash?.kind === 'json') {
      const schema = await this.loadSchemaFile(slash.schemaPath);
      if (!schema) return false;
      const input = slash.input || editorInput();
      if (!input) {
        this.post({ type: 'error', message: vscode.l10n.t('/json needs text to extract from: add it after the schema file, or select text (or open a file) in the editor.') });
        return false;
      }
      return (await this.extractStructured(schema, slash.schemaPath, input, text)).turn !== undefined;
    }
    return (await this.sendWith([{ kind: 'text', text }], { text, ...(opts.source ? { source: opts.source } : {}) })) !== undefined;
  }

  /** `/image` and "Gemini: Generate Image…": the image model with image output, in the current conversation. */
  async generateImage(prompt: string, shown = `/image ${prompt}`): Promise<ModelTurn | undefined> {
    const { imageModel } = readAgentSettings();
    return this.sendWith([{ kind: 'text', text: prompt }], { text: shown, overrides: { model: imageModel, output: { kind: 'image' } } });
  }

  /** `/research` and "Gemini: Start Deep Research…": the agent in the background, with a cancellable notification. */
  async startResearch(question: string, shown = `/research ${question}`, planning = readAgentSettings().reviewResearchPlan): Promise<ModelTurn | undefined> {
    const { researchAgent } = readAgentSettings();
    const turn = await this.sendWith([{ kind: 'text', text: question }], {
      text: shown, overrides: { agent: { id: researchAgent, thinkingSummaries: true, ...(planning ? { collaborativePlanning: true } : {}) } },
    });
    // With plan review on, the agent answered with a plan: it waits for Start Research or a revision.
    if (turn && planning && turn.state === 'done') {
      turn.researchPlan = true;
      this.post({ type: 'researchPlan', turnId: turn.id });
      if (this.current) await this.save(this.current.data).catch(() => {});
    }
    return turn;
  }

  /** The last turn is a research plan waiting for the user: a reply revises it, Start Research runs it. */
  private pendingPlan(): ModelTurn | undefined {
    const last = this.current?.data.turns.at(-1);
    return last?.role === 'model' && last.researchPlan ? last : undefined;
  }

  /** "Start research" on a plan: the agent runs it (the same chain, no more planning). */
  async startPlannedResearch(): Promise<ModelTurn | undefined> {
    const plan = this.pendingPlan();
    if (!plan) return undefined;
    plan.researchPlan = false;
    this.post({ type: 'researchPlan', turnId: plan.id, done: true });
    return this.startResearch(RESEARCH_TEXT.startPrompt, RESEARCH_TEXT.startShown, false);
  }

  /**
   * Structured output: sends with the JSON schema as response_format, validates the reply (Ajv) and opens it
   * in a new JSON editor. Validation errors are listed precisely (turn notice and a warning).
   */
  async extractStructured(schema: Record<string, unknown>, label: string, input: string, shown?: string): Promise<{ ok: boolean; errors: string[]; document?: string; turn?: ModelTurn }> {
    // Ajv is loaded on first use, not at activation.
    const { schemaProblem, validateJsonReply } = await import('../../core/slash/structured');
    const problem = schemaProblem(schema);
    if (problem) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0}: {1}', label, problem));
      return { ok: false, errors: [problem] };
    }
    // The input is in the message: no workspace tools (and no approvals) for an extraction.
    const prompt = `Extract structured data from the input below. Reply with JSON only, following the JSON schema "${label}".\n\nInput:\n${input}`;
    const turn = await this.sendWith([{ kind: 'text', text: prompt }], { text: shown ?? `/json ${label}`, overrides: { output: { kind: 'json', schema }, tools: { functions: undefined } } });
    if (!turn || turn.state !== 'done') return { ok: false, errors: [turn?.error?.message ?? vscode.l10n.t('The request did not finish.')], turn };
    const text = answerText(turn);
    const check = validateJsonReply(schema, text);
    const content = check.value !== undefined ? JSON.stringify(check.value, null, 2) : text;
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content });
    await vscode.window.showTextDocument(doc, { preview: false });
    if (!check.ok) {
      const message = vscode.l10n.t('The reply does not match the schema {0}: {1}', label, check.errors.join('; '));
      this.post({ type: 'notice', turnId: turn.id, text: message });
      void vscode.window.showWarningMessage(message);
    }
    return { ok: check.ok, errors: check.ok ? [] : check.errors, document: doc.getText(), turn };
  }

  /** Reads a schema file given in `/json`: workspace-relative, must parse as JSON. */
  private async loadSchemaFile(path: string): Promise<Record<string, unknown> | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const uri = path.startsWith('/') || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder.uri, path);
    try {
      const value = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      if (value && typeof value === 'object' && !Array.isArray(value)) return value;
      this.post({ type: 'error', message: vscode.l10n.t('{0} is not a JSON schema object.', path) });
    } catch (e) {
      const saved = readAgentSettings().savedSchemas.find((s) => s.name === path);
      if (saved) return saved.schema;
      this.post({ type: 'error', message: vscode.l10n.t('Cannot read the schema {0}: {1}', path, (e as Error).message) });
    }
    return undefined;
  }

  private async sendWith(parts: InputPart[], options: { text: string; attachments?: UserAttachment[]; source?: string; overrides?: Partial<TurnSettings> }): Promise<ModelTurn | undefined> {
    const conversation = await this.ensureConversation();
    if (conversation.busy) {
      this.post({ type: 'error', message: vscode.l10n.t('Gemini is still answering. Stop it first or wait for the answer.') });
      return undefined;
    }
    const problem = await this.access.configurationProblem();
    if (problem) {
      this.post({ type: 'error', message: problem.message, action: problem.action });
      const setKey = vscode.l10n.t('Set API Key');
      const openSettings = vscode.l10n.t('Open Settings');
      void vscode.window.showErrorMessage(problem.message, problem.action === 'setApiKey' ? setKey : openSettings).then((choice) => {
        if (choice === setKey) void vscode.commands.executeCommand('geminiInteractions.setApiKey');
        if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', 'geminiInteractions.apiBaseUrl');
      });
      return undefined;
    }
    await this.context.workspaceState.update(CURRENT_KEY, conversation.data.id);
    await this.agent.refreshContext();
    const background = !!options.overrides?.agent;
    const sending = conversation.send(parts, options).catch((e) => {
      // Not saved, so not sent (the error was shown by save()): the message goes back into the composer.
      // (A message with attachments is put back, attachments included, by the attachments port.)
      if (!(e instanceof StorageError)) throw e;
      if (!options.attachments?.length) this.post({ type: 'draftRestore', text: options.text, attachments: [] });
      return undefined;
    });
    if (background) {
      const turn = conversation.data.turns.at(-1);
      if (turn?.role === 'model') this.agent.showProgress(conversation, turn.id, vscode.l10n.t('Deep Research: {0}', options.text.replace(/^\/research\s+/, '').slice(0, 60)));
    }
    return sending;
  }

  /** After a window reload: follows the background run this workspace had going, until it ends. */
  async resumeBackgroundRuns(): Promise<void> {
    const run = this.agent.backgroundRuns()[0];
    if (!run || (this.current?.busy ?? false) || await this.access.configurationProblem()) return;
    const data = await this.openStored(run.conversationId);
    if (!data) {
      this.agent.tracker().ended(run.conversationId, run.turnId);
      return;
    }
    if (this.current?.data.id !== data.id) {
      this.current = this.createConversation(data);
      await this.context.workspaceState.update(CURRENT_KEY, data.id);
    }
    const conversation = this.current;
    this.log.info(`resuming background interaction ${run.interactionId}`);
    this.agent.showProgress(conversation, run.turnId, vscode.l10n.t('Deep Research (resumed)'));
    await conversation.resumeBackground(run.turnId, run.interactionId);
  }

  // ---- files changed by edit tools --------------------------------------------------------------------

  /** An allowed edit tool wrote a file: the turn lists it (one entry per file, counts added up). */
  private fileChanged(turnId: string, file: ChangedFile): void {
    const turn = this.modelTurn(turnId);
    if (!turn) return;
    const files = turn.changedFiles ?? [];
    const same = files.find((f) => f.path === file.path && !f.undone);
    if (same) { same.added += file.added; same.removed += file.removed; same.kind = same.kind === 'create' && file.kind !== 'delete' ? 'create' : file.kind; }
    else files.push({ ...file });
    turn.changedFiles = files;
    this.post({ type: 'changedFiles', turnId, files });
  }

  private async openChangeDiff(turnId: string, path: string): Promise<void> {
    const c = this.agent.edits.change(turnId, path);
    if (!c) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The change to {0} is no longer recorded (it was undone, or the turn is too old).', path));
      return;
    }
    await this.agent.edits.previews.diff(path, c.before, c.after, vscode.l10n.t('{0}: before ↔ after Gemini\'s turn', path));
  }

  /** "Undo changes from this turn"; `confirm` answers the confirmation (tests). */
  async undoTurnChanges(turnId: string, confirm?: boolean): Promise<{ restored: string[]; refused: string[] } | undefined> {
    const result = await this.agent.edits.undoTurn(turnId, confirm);
    const turn = this.modelTurn(turnId);
    if (result && turn?.changedFiles) {
      for (const f of turn.changedFiles) if (result.restored.includes(f.path)) f.undone = true;
      this.post({ type: 'changedFiles', turnId, files: turn.changedFiles });
      if (this.current) await this.save(this.current.data);
    }
    return result;
  }

  /** The file the question answered by this model turn came from (its user turn's source). */
  private sourceOf(modelTurnId: string | undefined): string | undefined {
    const turns = this.current?.data.turns ?? [];
    const at = modelTurnId ? turns.findIndex((t) => t.id === modelTurnId) : turns.length;
    for (let i = at - 1; i >= 0; i--) {
      const t = turns[i]!;
      if (t.role === 'user') return t.source;
    }
    return undefined;
  }

  /** The extension's global state (the retired-model notice remembers what it said there). */
  globalState(): vscode.Memento {
    return this.context.globalState;
  }

  /** A stored conversation's data (the current one when no id is given), for export. */
  async conversationData(id?: string): Promise<ConversationData | undefined> {
    if (!id || id === this.current?.data.id) return (await this.ensureConversation()).data;
    return this.store.load(id);
  }

  /** "Export" in the history or the palette. */
  async exportConversation(id?: string, opts: { format?: ExportFormat; target?: vscode.Uri } = {}): Promise<vscode.Uri | undefined> {
    return exportConversation(await this.conversationData(id), opts);
  }

  /** The turn by id in the current conversation (for commands and tests). */
  modelTurn(turnId?: string): ModelTurn | undefined {
    const turns = this.current?.data.turns ?? [];
    return [...turns].reverse().find((t): t is ModelTurn => t.role === 'model' && (!turnId || t.id === turnId));
  }

  /** Posts to the chat webview (attachments use it for chips and restored drafts). */
  postToView(m: HostToWebview): void {
    this.post(m);
  }

  async viewState(): Promise<ViewState> {
    // Awaited first: a state pushed from a turn's `finished` callback must read `busy` after the turn's
    // run has let go of the conversation, not before.
    const hasApiKey = (await this.keys.get()) !== undefined;
    const endpoint = readEndpoint();
    const conv = this.current?.data;
    const model = readTurnSettings().model;
    const listed = await this.catalogue?.cached().catch(() => undefined);
    return {
      conversationId: conv?.id,
      // Media goes by ref; the webview asks for each image as it scrolls near it.
      turns: this.viewMedia.viewTurns(conv?.turns ?? []),
      // A turn is streaming from the moment it is shown, before its request is under way.
      busy: (this.current?.busy ?? false) || conv?.turns.at(-1)?.role === 'model' && (conv.turns.at(-1) as ModelTurn).state === 'streaming',
      hasApiKey,
      ...(endpoint.ok && endpoint.baseUrl ? { customEndpoint: endpoint.baseUrl } : {}),
      model,
      conversations: this.store.list().map((e) => ({ id: e.id, title: e.title, updatedAt: e.updatedAt, ...(e.sizeBytes !== undefined ? { sizeBytes: e.sizeBytes } : {}) })),
      pendingApprovals: this.agent.pendingApprovals(),
      models: readModels(),
      modelChoices: buildCatalogue(readModels(), listed),
      tools: panelTools(),
      // The API's own input limit for the model wins over the static table when the key's list has it.
      meter: readMeter(model, listed?.find((m) => m.id === model)?.inputTokenLimit),
      rules: await this.agent.rules.panelInfo(),
    };
  }

  /** A new model list: the picker shows it. */
  refreshModels(): void {
    void this.pushState();
  }

  dispose(): void {
    // A background run must outlive the window: stop() would cancel it on the server.
    if (!this.current?.backgroundInteractionId) void this.current?.stop();
    this.agent.dispose();
    for (const d of this.disposables) d.dispose();
  }

  // ---- internals ------------------------------------------------------------------------------------

  private async pushState(): Promise<void> {
    this.post({ type: 'state', state: await this.viewState() });
  }

  private async ensureConversation(): Promise<Conversation> {
    if (this.current) return this.current;
    const id = this.context.workspaceState.get<string>(CURRENT_KEY);
    const data = id ? await this.loadOrRestore(id) : undefined;
    if (this.current) return this.current; // another caller finished first
    this.current = this.createConversation(data ?? emptyConversation());
    // Conversations saved before sizes were kept get theirs once, in the background.
    if (!this.sizesMeasured) {
      this.sizesMeasured = true;
      void this.store.measureSizes().then((changed) => { if (changed) void this.pushState(); }, (e) => this.log.warn(`could not measure conversation sizes: ${(e as Error).message}`));
    }
    return this.current;
  }

  private createConversation(data: ConversationData): Conversation {
    return new Conversation(data, {
      api: () => this.access.api(),
      settings: () => readTurnSettings(this.agent.settingsContext()),
      tools: this.agent.toolRunner(),
      maxToolRounds: () => readAgentSettings().maxToolRounds,
      background: this.agent.tracker(),
      redact: (text) => redact(text, this.knownSecrets()),
      messages: hostMessages,
      save: (d) => this.save(d),
      log: this.log,
      listener: {
        started: (user, model) => this.post({ type: 'turnStarted', user: toViewTurn(user), model: toViewTurn(model) }),
        event: (turnId, event) => {
          this.post({ type: 'event', turnId, event });
          // Per delta: look the turn up only when a progress notification follows it.
          if (this.agent.follows(turnId)) this.agent.onEvent(this.modelTurn(turnId), event);
        },
        resumed: () => void this.pushState(),
        notice: (turnId, text) => this.post({ type: 'notice', turnId, ...(text ? { text } : {}) }),
        finished: (t) => {
          this.post({ type: 'turnFinished', turnId: t.id, state: t.state, status: t.status, usage: t.usage, error: t.error, finishedAt: t.finishedAt });
          this.agent.onFinished(t);
          if (t.status === 'incomplete' && t.state === 'done') this.post({ type: 'incomplete', turnId: t.id });
          void this.pushState();
        },
        retried: (failedTurnId, _user, model) => this.post({ type: 'turnRetried', failedTurnId, model: toViewTurn(model) }),
      },
    });
  }

}

/** The selection of the active editor, or its whole text: the input of structured extraction. */
export function editorInput(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const selected = editor.selections.filter((s) => !s.isEmpty).map((s) => editor.document.getText(s)).join('\n\n');
  return selected || editor.document.getText() || undefined;
}

/** Fence info words that are not VS Code language ids. */
function languageId(lang: string): string {
  const l = lang.toLowerCase();
  const map: Record<string, string> = {
    ts: 'typescript', js: 'javascript', py: 'python', sh: 'shellscript', bash: 'shellscript', shell: 'shellscript', zsh: 'shellscript',
    yml: 'yaml', md: 'markdown', cs: 'csharp', 'c#': 'csharp', 'c++': 'cpp', rb: 'ruby', kt: 'kotlin', rs: 'rust', golang: 'go', html: 'html', xml: 'xml',
  };
  return map[l] ?? l;
}

function emptyConversation(): ConversationData {
  const now = Date.now();
  return { id: randomId(), title: '', createdAt: now, updatedAt: now, turns: [] };
}
