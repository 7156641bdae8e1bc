import * as vscode from 'vscode';
import { Conversation, randomId } from '../core/conversation';
import type { ConversationStore } from '../core/conversationStore';
import type { ConversationData, Logger } from '../core/model';
import { DeltaCoalescer } from '../core/coalesce';
import { openableUrl } from '../core/links';
import { toViewTurn, type HostToWebview, type ViewState, type WebviewToHost } from '../core/protocol';
import type { InteractionsApi } from '../core/gemini/client';
import type { ApiKeyStore } from './apiKey';
import { readEndpoint, readTurnSettings } from './settings';

const CURRENT_KEY = 'geminiInteractions.currentConversation';

/** Owns the conversations of this workspace and speaks the protocol with the chat webview. */
export class ChatController implements vscode.Disposable {
  private current: Conversation | undefined;
  private post: (m: HostToWebview) => void = () => undefined;
  private coalescer: DeltaCoalescer | undefined;
  private apiCache: { sig: string; api: Promise<InteractionsApi> } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The last focused text editor: where "Insert at cursor" goes while the webview has the focus. */
  private lastEditor: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly store: ConversationStore,
    private readonly keys: ApiKeyStore,
    private readonly log: Logger,
  ) {
    this.disposables.push(keys.onDidChange(() => void this.pushState()));
    this.disposables.push(vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e && e.document.uri.scheme !== 'output') this.lastEditor = e;
    }));
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('geminiInteractions')) void this.pushState();
    }));
  }

  attachView(post: (m: HostToWebview) => void): void {
    // Every message goes through the coalescer: deltas merge for a frame, anything else flushes first.
    this.coalescer?.discard();
    const coalescer = this.coalescer = new DeltaCoalescer(post);
    this.post = (m) => coalescer.post(m);
  }

  detachView(): void {
    this.coalescer?.discard();
    this.coalescer = undefined;
    this.post = () => undefined;
  }

  async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        await this.ensureConversation();
        return this.pushState();
      case 'send':
        return this.send(msg.text);
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
        // Links from model output open only after a click, and only http(s) and mailto.
        const url = openableUrl(msg.url);
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
        else this.log.warn(`Not opening a link with a disallowed scheme: ${msg.url.slice(0, 80)}`);
        return;
      }
      case 'codeAction':
        return this.codeAction(msg);
    }
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
      void vscode.window.showInformationMessage('Open a text editor and place the cursor where the code should go, then choose "Insert at cursor" again.');
      return;
    }
    const ok = await editor.edit((b) => {
      for (const sel of editor.selections) b.replace(sel, msg.code);
    });
    if (!ok) {
      void vscode.window.showWarningMessage(`Could not insert the code into ${editor.document.fileName}: the editor is read-only or changed meanwhile.`);
      return;
    }
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
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
