import * as vscode from 'vscode';
import { Conversation, randomId } from '../core/conversation';
import type { ConversationStore } from '../core/conversationStore';
import type { ConversationData, InputPart, Logger, UserAttachment } from '../core/model';
import { toViewTurn, type HostToWebview, type ViewState, type WebviewToHost } from '../core/protocol';
import type { InteractionsApi } from '../core/gemini/client';
import type { ApiKeyStore } from './apiKey';
import { readEndpoint, readTurnSettings } from './settings';
import { uploadScope } from './attachments';

const CURRENT_KEY = 'geminiInteractions.currentConversation';

/** Owns the conversations of this workspace and speaks the protocol with the chat webview. */
export class ChatController implements vscode.Disposable {
  private current: Conversation | undefined;
  private post: (m: HostToWebview) => void = () => undefined;
  private apiCache: { sig: string; api: Promise<InteractionsApi> } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Handles attachment messages and sends that carry attachments (set by the composition root). */
  attachmentHandler: ((msg: WebviewToHost) => Promise<void>) | undefined;

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
        return this.pushState();
      case 'send':
        if (msg.attachments?.length && this.attachmentHandler) return this.attachmentHandler(msg);
        await this.send(msg.text);
        return;
      case 'pickAttachments': case 'attachUris': case 'attachData': case 'attachUrl': case 'mentionFile': case 'removeAttachment':
        return this.attachmentHandler?.(msg);
      case 'stop':
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
    }
  }

  async newChat(): Promise<void> {
    this.current?.stop();
    this.current = this.createConversation(emptyConversation());
    await this.context.workspaceState.update(CURRENT_KEY, this.current.data.id);
    await this.pushState();
    this.post({ type: 'focusInput' });
  }

  /**
   * Sends a user message in the current conversation (from the webview or a command): plain text, or
   * parts (text, media) with what the user's turn shows. Resolves false when nothing was sent.
   */
  async send(message: string | { parts: InputPart[]; text: string; attachments?: UserAttachment[] }): Promise<boolean> {
    const { parts, text, attachments } = typeof message === 'string' ? { parts: [{ kind: 'text' as const, text: message }], text: message, attachments: undefined } : message;
    if (!parts.length || (typeof message === 'string' && !text.trim())) return false;
    const conversation = await this.ensureConversation();
    if (conversation.busy) {
      this.post({ type: 'error', message: 'Gemini is still answering. Stop it first or wait for the answer.' });
      return false;
    }
    const problem = await this.configurationProblem();
    if (problem) {
      this.post({ type: 'error', message: problem.message, action: problem.action });
      const button = problem.action === 'setApiKey' ? 'Set API Key' : 'Open Settings';
      void vscode.window.showErrorMessage(problem.message, button).then((choice) => {
        if (choice === 'Set API Key') void vscode.commands.executeCommand('geminiInteractions.setApiKey');
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'geminiInteractions.apiBaseUrl');
      });
      return false;
    }
    await this.context.workspaceState.update(CURRENT_KEY, conversation.data.id);
    await conversation.send(parts, { text, ...(attachments?.length ? { attachments } : {}) });
    return true;
  }

  /** Posts to the chat webview (attachments use it for chips and restored drafts). */
  postToView(m: HostToWebview): void {
    this.post(m);
  }

  /** The API client for Files API uploads, and a scope naming its project (endpoint + key, hashed). */
  async uploadApi(): Promise<{ api: InteractionsApi; scope: string }> {
    const problem = await this.configurationProblem();
    if (problem) throw new Error(problem.message);
    const api = await this.api();
    const key = await this.keys.get();
    const endpoint = readEndpoint();
    return { api, scope: uploadScope(key?.key, endpoint.ok ? endpoint.baseUrl : '', endpoint.apiVersion) };
  }

  async viewState(): Promise<ViewState> {
    const endpoint = readEndpoint();
    const conv = this.current?.data;
    return {
      conversationId: conv?.id,
      turns: conv ? conv.turns.map(toViewTurn) : [],
      busy: this.current?.busy ?? false,
      hasApiKey: (await this.keys.get()) !== undefined,
      ...(endpoint.ok && endpoint.baseUrl ? { customEndpoint: endpoint.baseUrl } : {}),
      model: readTurnSettings().model,
      conversations: this.store.list().map((e) => ({ id: e.id, title: e.title, updatedAt: e.updatedAt })),
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
    const data = id ? await this.store.load(id) : undefined;
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
