import * as vscode from 'vscode';
import { Conversation, deleteInteractions, randomId } from '../core/conversation';
import type { ConversationStore } from '../core/conversationStore';
import type { ConversationData, Logger, ModelTurn } from '../core/model';
import { extensionFor, mediaFileName } from '../core/media';
import { toViewTurn, type HostToWebview, type ViewState, type WebviewToHost } from '../core/protocol';
import type { InteractionsApi } from '../core/gemini/client';
import type { ApiKeyStore } from './apiKey';
import { readEndpoint, readModels, readTurnSettings, updateSetting } from './settings';
import { CHAT_VIEW_ID } from './chatView';

const CURRENT_KEY = 'geminiInteractions.currentConversation';

/** Owns the conversations of this workspace and speaks the protocol with the chat webview. */
export class ChatController implements vscode.Disposable {
  private current: Conversation | undefined;
  private post: (m: HostToWebview) => void = () => undefined;
  private apiCache: { sig: string; api: Promise<InteractionsApi> } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private historyRequestedAt = 0;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: ConversationStore,
    private readonly keys: ApiKeyStore,
    private readonly log: Logger,
  ) {
    this.disposables.push(keys.onDidChange(() => void this.pushState()));
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('geminiInteractions')) void this.pushState();
    }));
  }

  attachView(post: (m: HostToWebview) => void): void {
    this.post = post;
  }

  detachView(): void {
    this.post = () => undefined;
  }

  async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        await this.ensureConversation();
        await this.pushState();
        if (Date.now() - this.historyRequestedAt < 10_000) this.post({ type: 'showHistory' });
        return;
      case 'send':
        return this.send(msg.text);
      case 'stop':
        this.log.info(`stop requested${this.current?.busy ? '' : ' (nothing is running)'}`);
        this.current?.stop();
        return;
      case 'newChat':
        return this.newChat();
      case 'runCommand': {
        const id = { setApiKey: 'geminiInteractions.setApiKey', openSettings: 'workbench.action.openSettings', showLog: 'geminiInteractions.showLog' }[msg.command];
        await vscode.commands.executeCommand(id, ...(msg.command === 'openSettings' ? ['geminiInteractions'] : []));
        return;
      }
      case 'openLink': {
        // Links from model output open only after a click, and only http(s).
        const uri = vscode.Uri.parse(msg.url);
        if (uri.scheme === 'https' || uri.scheme === 'http') await vscode.env.openExternal(uri);
        return;
      }
      case 'switchConversation':
        return this.switchTo(msg.id);
      case 'renameConversation':
        return this.rename(msg.id, msg.title);
      case 'deleteConversation':
        return this.deleteConversation(msg.id);
      case 'retry':
        return this.retry();
      case 'setModel':
        if (typeof msg.model === 'string' && msg.model.trim()) await updateSetting('model', msg.model.trim());
        return;
      case 'setTool':
        if (['codeExecution', 'urlContext', 'googleSearch'].includes(msg.tool)) await updateSetting(`tools.${msg.tool}`, !!msg.enabled);
        return;
      case 'saveMedia':
        return this.saveMedia(msg.turnId, msg.index);
    }
  }

  // ---- conversation management ----------------------------------------------------------------------

  /** Opens the conversation list in the panel (the view-title "Show Conversations" command). */
  showHistory(): void {
    // The view may still be loading (its webview is created on reveal): repeat once it says ready.
    this.historyRequestedAt = Date.now();
    this.post({ type: 'showHistory' });
  }

  /** Makes another stored conversation current; rebuilds it from the server when its transcript is gone. */
  async switchTo(id: string): Promise<void> {
    if (id === this.current?.data.id) return this.pushState();
    const data = await this.loadOrRestore(id);
    if (!data) {
      void vscode.window.showErrorMessage('That conversation could not be opened: it is no longer stored in this workspace.');
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
      title: 'Rename Conversation', prompt: 'New title', value: old ?? '',
      validateInput: (v) => (v.trim() ? undefined : 'The title cannot be empty.'),
    });
    if (!next?.trim()) return;
    if (id === this.current?.data.id) {
      this.current.data.title = next.trim();
      await this.store.save(this.current.data);
    } else {
      await this.store.rename(id, next.trim());
    }
    await this.pushState();
  }

  /** Deletes locally and, best effort, the stored interactions on the server; failures are reported. */
  async deleteConversation(id: string, options: { confirm?: boolean } = {}): Promise<void> {
    const entry = this.store.entry(id);
    const title = (id === this.current?.data.id ? this.current.data.title : entry?.title) || 'New chat';
    if (options.confirm !== false) {
      const choice = await vscode.window.showWarningMessage(`Delete the conversation "${title}"?`,
        { modal: true, detail: 'It is removed from this workspace and its stored interactions are deleted on Google\'s servers.' }, 'Delete');
      if (choice !== 'Delete') return;
    }
    if (id === this.current?.data.id) {
      this.current.stop();
      this.current = this.createConversation(emptyConversation());
      await this.context.workspaceState.update(CURRENT_KEY, this.current.data.id);
    }
    const ids = await this.store.delete(id);
    await this.pushState();
    if (!ids.length) return;
    let failed: { id: string; message: string }[];
    try {
      failed = await deleteInteractions(await this.api(), ids);
    } catch (e) {
      failed = ids.map((i) => ({ id: i, message: (e as Error).message }));
    }
    if (failed.length) {
      this.log.warn(`delete "${title}": ${failed.length} of ${ids.length} interactions not deleted on the server: ${failed.map((f) => `${f.id}: ${f.message}`).join('; ')}`);
      void vscode.window.showWarningMessage(
        `"${title}" was deleted here, but ${failed.length} of its ${ids.length} stored interactions could not be deleted on the server (${failed[0].message}). They expire on their own after the retention period.`,
        'Show Log').then((c) => { if (c) void vscode.commands.executeCommand('geminiInteractions.showLog'); });
    } else {
      this.log.info(`deleted "${title}" and its ${ids.length} interactions on the server`);
    }
  }

  async retry(): Promise<void> {
    const conversation = this.current;
    if (!conversation || conversation.busy) return;
    const problem = await this.configurationProblem();
    if (problem) {
      this.post({ type: 'error', message: problem.message, action: problem.action });
      return;
    }
    await conversation.retry();
  }

  private async loadOrRestore(id: string): Promise<ConversationData | undefined> {
    const data = await this.store.load(id);
    if (data) return data;
    const entry = this.store.entry(id);
    if (!entry?.interactionIds.length) return undefined;
    try {
      return await vscode.window.withProgress({ location: { viewId: CHAT_VIEW_ID }, title: 'Restoring the conversation from the server…' }, async () => {
        const { restoreFromServer } = await import('../core/gemini/restore');
        const restored = await restoreFromServer(await this.api(), entry, randomId);
        await this.store.save(restored);
        this.log.info(`restored conversation ${id} from ${entry.interactionIds.length} interactions on the server`);
        return restored;
      });
    } catch (e) {
      this.log.error(`could not restore conversation ${id}: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(`The conversation's local transcript is missing and it could not be restored from the server: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** "Save to workspace" for an image (or other media) in model output. */
  private async saveMedia(turnId: string, index: number): Promise<void> {
    const turn = this.current?.data.turns.find((t): t is ModelTurn => t.role === 'model' && t.id === turnId);
    const part = turn?.parts[index];
    if (part?.kind !== 'media' || !part.media.data) return;
    const media = part.media;
    const data = part.media.data;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = mediaFileName(media);
    const target = await vscode.window.showSaveDialog({
      title: 'Save to Workspace',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: { [media.mimeType ?? media.type]: [extensionFor(media)] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(data, 'base64'));
    void vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(target, false)}.`);
  }

  async newChat(): Promise<void> {
    this.current?.stop();
    this.current = this.createConversation(emptyConversation());
    await this.context.workspaceState.update(CURRENT_KEY, this.current.data.id);
    await this.pushState();
    this.post({ type: 'focusInput' });
  }

  /** Sends a user message in the current conversation (from the webview or a command). */
  async send(text: string): Promise<void> {
    if (!text.trim()) return;
    const conversation = await this.ensureConversation();
    if (conversation.busy) {
      this.post({ type: 'error', message: 'Gemini is still answering. Stop it first or wait for the answer.' });
      return;
    }
    const problem = await this.configurationProblem();
    if (problem) {
      this.post({ type: 'error', message: problem.message, action: problem.action });
      const button = problem.action === 'setApiKey' ? 'Set API Key' : 'Open Settings';
      void vscode.window.showErrorMessage(problem.message, button).then((choice) => {
        if (choice === 'Set API Key') void vscode.commands.executeCommand('geminiInteractions.setApiKey');
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'geminiInteractions.apiBaseUrl');
      });
      return;
    }
    await this.context.workspaceState.update(CURRENT_KEY, conversation.data.id);
    await conversation.send([{ kind: 'text', text }]);
  }

  async viewState(): Promise<ViewState> {
    const endpoint = readEndpoint();
    const conv = this.current?.data;
    return {
      conversationId: conv?.id,
      turns: conv ? conv.turns.map(toViewTurn) : [],
      // A turn is streaming from the moment it is shown, before its request is under way.
      busy: (this.current?.busy ?? false) || conv?.turns.at(-1)?.role === 'model' && (conv.turns.at(-1) as ModelTurn).state === 'streaming',
      hasApiKey: (await this.keys.get()) !== undefined,
      ...(endpoint.ok && endpoint.baseUrl ? { customEndpoint: endpoint.baseUrl } : {}),
      model: readTurnSettings().model,
      conversations: this.store.list().map((e) => ({ id: e.id, title: e.title, updatedAt: e.updatedAt })),
      models: readModels(),
      tools: { codeExecution: false, urlContext: false, googleSearch: false, ...readTurnSettings().tools },
    };
  }

  dispose(): void {
    this.current?.stop();
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
    return this.current;
  }

  private async configurationProblem(): Promise<{ message: string; action: 'setApiKey' | 'openSettings' } | undefined> {
    const endpoint = readEndpoint();
    if (!endpoint.ok) return { message: endpoint.message, action: 'openSettings' };
    if (!(await this.keys.get())) {
      return { message: 'No Gemini API key is set. Run "Gemini: Set API Key" (the key is kept in VS Code\'s secret storage).', action: 'setApiKey' };
    }
    return undefined;
  }

  private createConversation(data: ConversationData): Conversation {
    return new Conversation(data, {
      api: () => this.api(),
      settings: readTurnSettings,
      save: (d) => this.store.save(d),
      log: this.log,
      listener: {
        started: (user, model) => this.post({ type: 'turnStarted', user: toViewTurn(user), model: toViewTurn(model) }),
        event: (turnId, event) => this.post({ type: 'event', turnId, event }),
        notice: (turnId, text) => this.post({ type: 'notice', turnId, ...(text ? { text } : {}) }),
        finished: (t) => {
          this.post({ type: 'turnFinished', turnId: t.id, state: t.state, status: t.status, usage: t.usage, error: t.error, finishedAt: t.finishedAt });
          void this.pushState();
        },
        retried: (failedTurnId, _user, model) => this.post({ type: 'turnRetried', failedTurnId, model: toViewTurn(model) }),
      },
    });
  }

  private async api(): Promise<InteractionsApi> {
    const key = await this.keys.get();
    const endpoint = readEndpoint();
    if (!key) throw Object.assign(new Error('No API key'), { status: 401 });
    if (!endpoint.ok) throw new Error(endpoint.message);
    const sig = JSON.stringify([key.key, endpoint.baseUrl, endpoint.apiVersion]);
    if (this.apiCache?.sig !== sig) {
      // The SDK module is loaded here, on the first request, never during activation.
      const { createInteractionsApi } = await import('../core/gemini/client');
      this.apiCache = { sig, api: createInteractionsApi({ apiKey: key.key, baseUrl: endpoint.baseUrl, apiVersion: endpoint.apiVersion }) };
    }
    return this.apiCache.api;
  }
}

function emptyConversation(): ConversationData {
  const now = Date.now();
  return { id: randomId(), title: '', createdAt: now, updatedAt: now, turns: [] };
}
