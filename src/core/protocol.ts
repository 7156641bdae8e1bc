// The one typed protocol between the extension host and the chat webview (imported by both sides).
// The host owns conversation state; the webview renders and keeps only UI state. Deltas travel as
// small `event` messages, never the whole conversation.
import type { ModelTurn, TurnError, TurnEvent, Turn, UserTurn, Usage, InteractionStatus, ModelTurnState } from './model';

/** A turn as the webview sees it: without the wire data kept for replay. */
export type ViewTurn = Omit<UserTurn, 'wire'> | Omit<ModelTurn, 'wire'>;

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
}

export interface ViewState {
  conversationId: string | undefined;
  turns: ViewTurn[];
  busy: boolean;
  hasApiKey: boolean;
  /** Set when requests go somewhere other than Google's endpoint (a proxy or the local emulator). */
  customEndpoint?: string;
  model: string;
  conversations: ConversationSummary[];
  // ---- panel settings (model picker, built-in tool toggles) ----
  /** Models offered by the picker (`geminiInteractions.models`, plus the current one). */
  models: string[];
  tools: PanelTools;
}

/** The built-in tools the panel header toggles (`geminiInteractions.tools.*`). */
export interface PanelTools {
  codeExecution: boolean;
  urlContext: boolean;
  googleSearch: boolean;
}
export type PanelTool = keyof PanelTools;

export type HostToWebview =
  | { type: 'state'; state: ViewState }
  | { type: 'turnStarted'; user: ViewTurn; model: ViewTurn }
  | { type: 'event'; turnId: string; event: TurnEvent }
  | { type: 'notice'; turnId: string; text?: string }
  | { type: 'turnFinished'; turnId: string; state: ModelTurnState; status?: InteractionStatus; usage?: Usage; error?: TurnError; finishedAt?: number }
  | { type: 'error'; message: string; action?: 'setApiKey' | 'openSettings' }
  | { type: 'focusInput' }
  // ---- conversation management ----
  /** A failed answer is being retried: drop the failed turn's view and stream `model` in its place. */
  | { type: 'turnRetried'; failedTurnId: string; model: ViewTurn }
  /** Open the conversation list (the "Gemini: Show Conversations" command). */
  | { type: 'showHistory' };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'newChat' }
  | { type: 'runCommand'; command: 'setApiKey' | 'openSettings' | 'showLog' }
  | { type: 'openLink'; url: string }
  // ---- conversation management and panel settings ----
  | { type: 'switchConversation'; id: string }
  /** Without `title` the host asks for one. */
  | { type: 'renameConversation'; id: string; title?: string }
  /** The host asks for confirmation, then deletes on the server (best effort) and locally. */
  | { type: 'deleteConversation'; id: string }
  | { type: 'retry' }
  | { type: 'setModel'; model: string }
  | { type: 'setTool'; tool: PanelTool; enabled: boolean }
  /** Save a media part of the current conversation (found by turn id and part index) to the workspace. */
  | { type: 'saveMedia'; turnId: string; index: number };

export function toViewTurn(t: Turn): ViewTurn {
  const { wire: _wire, ...rest } = t as Turn & { wire?: unknown };
  return rest as ViewTurn;
}
