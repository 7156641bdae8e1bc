// The chat panel: the current conversation and its connection to the view. It creates each Conversation with
// the listener that streams its turns to the view, pushes the view state, sends prepared parts, retries, starts
// new chats and opens stored ones. Features (history, edits, slash commands, tools, ...) build on it; it imports
// none of them and reaches what it needs through the ports below, filled by the composition root.
import * as vscode from 'vscode';
import { Conversation } from '../../core/conversation/conversation';
import type { LearnedRefusals } from '../../core/models/learnedRefusals';
import type { BackgroundTracker, ToolRunner } from '../../core/conversation/conversationDeps';
import { randomId } from '../../core/util/ids';
import type { ChatMode } from '../../core/modes/chatModes';
import type { ConversationData, InputPart, Logger, ModelTurn, TurnEvent, TurnSettings, UserAttachment } from '../../core/conversation/types';
import { ConversationMedia } from '../../core/panel/lazyMedia';
import { toViewTurn, type HostToWebview, type ViewState } from '../../core/panel/protocol';
import { StorageError, type ConversationStore } from '../../core/storage/conversationStore';
import type { ApiAccess } from '../gemini/geminiAccess';
import { hostMessages } from '../l10n/coreStrings';
import { readAgentSettings, readTurnSettings } from '../settings/settings';
import type { SettingsContextHost } from '../settings/settingsContext';
import type { ViewChannel } from './viewChannel';
import { buildViewState, type ViewStateSources } from './viewState';

const CURRENT_KEY = 'geminiInteractions.currentConversation';

/** Opening and saving conversations (history's StoredConversations: restore from the server, save notices). */
export interface PanelStorage {
  openOrRestore(id: string): Promise<ConversationData | undefined>;
  save(data: ConversationData): Promise<void>;
}

/** A progress notification that may follow a turn (background runs): told of its events and its end. */
export interface TurnProgress {
  /** Asked per delta before the turn is looked up, so it must be cheap. */
  follows(turnId: string): boolean;
  onEvent(turn: ModelTurn | undefined, event: TurnEvent): void;
  onFinished(turn: ModelTurn): void;
}

export interface PanelDeps {
  /** Thinking levels the API refused per model, shared with VS Code's own chat. */
  refusals: LearnedRefusals;
  workspaceState: vscode.Memento;
  store: ConversationStore;
  storage: PanelStorage;
  access: ApiAccess;
  /** The key's changes redraw the panel (Set API Key in the empty state). */
  onDidChangeKey: vscode.Event<void>;
  /** MCP secrets, the rules files and the questions about the workspace's MCP servers, before each request. */
  settings: Pick<SettingsContextHost, 'refresh' | 'context'>;
  tools: ToolRunner;
  /** The composer's mode (src/vscode/modes): which tools each new turn declares. */
  mode(): ChatMode;
  background: BackgroundTracker;
  progress: TurnProgress;
  view: ViewChannel;
  sources: ViewStateSources;
  /** Removes every secret the extension knows (API key, MCP secrets) from stored error text. */
  redact(text: string): string;
  log: Logger;
}

/** A prepared message: its parts, what the user's turn shows, and how it is sent. */
export interface SendRequest {
  text: string;
  attachments?: UserAttachment[];
  /** The file asked about, as a URI string (where Apply to file goes). */
  source?: string;
  overrides?: Partial<TurnSettings>;
  /** Called as soon as the turn exists (before its answer): a background run shows its progress from there. */
  started?(conversation: Conversation, turnId: string): void;
}

export class ChatPanel implements vscode.Disposable {
  private current: Conversation | undefined;
  /** The media refs of the conversation last shown, the only ones `loadMedia` answers. */
  private readonly media = new ConversationMedia();
  private sizesMeasured = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: PanelDeps) {
    this.disposables.push(deps.onDidChangeKey(() => void this.pushState()));
    this.disposables.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('geminiInteractions')) void this.pushState();
    }));
  }

  /** The conversation shown now (none until the view or a command asked for one). */
  get conversation(): Conversation | undefined {
    return this.current;
  }

  /** Posts to the chat view (held until it is ready). */
  post(m: HostToWebview): void {
    this.deps.view.post(m);
  }

  /** The view loaded: the state first (the outbox would hold nothing back from a view that is not ready), then what waited. */
  async ready(): Promise<void> {
    await this.ensureConversation();
    this.deps.view.ready({ type: 'state', state: await this.viewState() });
  }

  async pushState(): Promise<void> {
    this.post({ type: 'state', state: await this.viewState() });
  }

  viewState(): Promise<ViewState> {
    return buildViewState(() => this.current, this.media, this.deps.store, this.deps.sources);
  }

  /** The bytes of a media part the view showed by ref. */
  async loadMedia(ref: string): Promise<{ mimeType: string; data: string }> {
    return this.media.answer(ref);
  }

  async ensureConversation(): Promise<Conversation> {
    if (this.current) return this.current;
    const id = this.deps.workspaceState.get<string>(CURRENT_KEY);
    const data = id ? await this.deps.storage.openOrRestore(id) : undefined;
    if (this.current) return this.current; // another caller finished first
    this.current = this.createConversation(data ?? emptyConversation());
    // Conversations saved before sizes were kept get theirs once, in the background.
    if (!this.sizesMeasured) {
      this.sizesMeasured = true;
      void this.deps.store.measureSizes().then((changed) => { if (changed) void this.pushState(); }, (e) => this.deps.log.warn(`could not measure conversation sizes: ${(e as Error).message}`));
    }
    return this.current;
  }

  /**
   * Makes `data` the current conversation and remembers it for the next window. `stopCurrent: false` leaves
   * the one shown now running (a background run resumed after a reload).
   */
  async open(data: ConversationData, options: { stopCurrent?: boolean } = {}): Promise<Conversation> {
    if (options.stopCurrent !== false) void this.current?.stop();
    this.current = this.createConversation(data);
    await this.deps.workspaceState.update(CURRENT_KEY, data.id);
    return this.current;
  }

  /** Opens a new, empty conversation (not shown until the caller pushes the state). */
  openNew(): Promise<Conversation> {
    return this.open(emptyConversation());
  }

  async newChat(): Promise<void> {
    await this.openNew();
    await this.pushState();
    this.post({ type: 'focusInput' });
  }

  /** Sends a prepared message (attachments, editor commands); resolves false when nothing was sent. */
  async sendMessage(message: { parts: InputPart[]; text: string; attachments?: UserAttachment[]; source?: string }): Promise<boolean> {
    if (!message.parts.length) return false;
    const { parts, text, attachments, source } = message;
    return (await this.sendParts(parts, { text, ...(attachments?.length ? { attachments } : {}), ...(source ? { source } : {}) })) !== undefined;
  }

  /** Sends parts in the current conversation; resolves with the model turn once it ended (undefined: not sent). */
  async sendParts(parts: InputPart[], options: SendRequest): Promise<ModelTurn | undefined> {
    const conversation = await this.ensureConversation();
    if (conversation.busy) {
      this.post({ type: 'error', message: vscode.l10n.t('Gemini is still answering. Stop it first or wait for the answer.') });
      return undefined;
    }
    const problem = await this.deps.access.configurationProblem();
    if (problem) {
      this.post({ type: 'error', message: problem.message, action: problem.action });
      const setKey = vscode.l10n.t('Set API Key');
      const openSettings = vscode.l10n.t('Open Settings');
      void vscode.window.showErrorMessage(problem.message, problem.action === 'setApiKey' ? setKey : openSettings).then((choice) => {
        if (choice === setKey) void vscode.commands.executeCommand('geminiInteractions.setApiKey');
        if (choice === openSettings) void vscode.commands.executeCommand('workbench.action.openSettings', problem.setting ?? 'geminiInteractions.apiBaseUrl');
      });
      return undefined;
    }
    await this.deps.workspaceState.update(CURRENT_KEY, conversation.data.id);
    await this.deps.settings.refresh();
    const { started, ...sendOptions } = options;
    const sending = conversation.send(parts, sendOptions).catch((e) => {
      // Not saved, so not sent (the error was shown by save()): the message goes back into the composer.
      // (A message with attachments is put back, attachments included, by the attachments port.)
      if (!(e instanceof StorageError)) throw e;
      if (!options.attachments?.length) this.post({ type: 'draftRestore', text: options.text, attachments: [] });
      return undefined;
    });
    if (started) {
      const turn = conversation.data.turns.at(-1);
      if (turn?.role === 'model') started(conversation, turn.id);
    }
    return sending;
  }

  async retry(): Promise<void> {
    const conversation = this.current;
    if (!conversation || conversation.busy) return;
    const problem = await this.deps.access.configurationProblem();
    if (problem) {
      this.post({ type: 'error', message: problem.message, action: problem.action });
      return;
    }
    // As before a message: the secrets, the rules files and the answers about the workspace's MCP servers.
    await this.deps.settings.refresh();
    await conversation.retry();
  }

  async stop(): Promise<void> {
    this.deps.log.info(`stop requested${this.current?.busy ? '' : ' (nothing is running)'}`);
    // A background run (Deep Research) is cancelled on the server too.
    await this.current?.stop();
  }

  /** The turn by id in the current conversation, or its last model turn (for commands and tests). */
  modelTurn(turnId?: string): ModelTurn | undefined {
    const turns = this.current?.data.turns ?? [];
    return [...turns].reverse().find((t): t is ModelTurn => t.role === 'model' && (!turnId || t.id === turnId));
  }

  /** Saves the current conversation after a feature changed one of its turns (a failure was told by the save). */
  async saveCurrent(): Promise<void> {
    if (this.current) await this.deps.storage.save(this.current.data);
  }

  dispose(): void {
    // A background run must outlive the window: stop() would cancel it on the server.
    if (!this.current?.backgroundInteractionId) void this.current?.stop();
    for (const d of this.disposables) d.dispose();
  }

  private createConversation(data: ConversationData): Conversation {
    const { progress } = this.deps;
    return new Conversation(data, {
      api: () => this.deps.access.api(),
      settings: () => ({ ...readTurnSettings(this.deps.settings.context()), mode: this.deps.mode() }),
      tools: this.deps.tools,
      maxToolRounds: () => readAgentSettings().maxToolRounds,
      background: this.deps.background,
      redact: (text) => this.deps.redact(text),
      messages: hostMessages,
      refusals: this.deps.refusals,
      save: (d) => this.deps.storage.save(d),
      log: this.deps.log,
      listener: {
        started: (user, model) => this.post({ type: 'turnStarted', user: toViewTurn(user), model: toViewTurn(model) }),
        event: (turnId, event) => {
          this.post({ type: 'event', turnId, event });
          // Per delta: look the turn up only when a progress notification follows it.
          if (progress.follows(turnId)) progress.onEvent(this.modelTurn(turnId), event);
        },
        resumed: () => void this.pushState(),
        notice: (turnId, text) => this.post({ type: 'notice', turnId, ...(text ? { text } : {}) }),
        finished: (t) => {
          this.post({ type: 'turnFinished', turnId: t.id, state: t.state, status: t.status, usage: t.usage, error: t.error, finishedAt: t.finishedAt });
          progress.onFinished(t);
          if (t.status === 'incomplete' && t.state === 'done') this.post({ type: 'incomplete', turnId: t.id });
          void this.pushState();
        },
        retried: (failedTurnId, _user, model) => this.post({ type: 'turnRetried', failedTurnId, model: toViewTurn(model) }),
      },
    });
  }
}

export function emptyConversation(): ConversationData {
  const now = Date.now();
  return { id: randomId(), title: '', createdAt: now, updatedAt: now, turns: [] };
}
