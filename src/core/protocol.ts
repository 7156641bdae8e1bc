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
}

export type HostToWebview =
  | { type: 'state'; state: ViewState }
  | { type: 'turnStarted'; user: ViewTurn; model: ViewTurn }
  | { type: 'event'; turnId: string; event: TurnEvent }
  /** Merged text/thought/args deltas of one part (src/core/coalesce.ts): a compact `event`. */
  | { type: 'delta'; turnId: string; index: number; kind: 'text' | 'thought' | 'args'; text: string }
  | { type: 'notice'; turnId: string; text?: string }
  | { type: 'turnFinished'; turnId: string; state: ModelTurnState; status?: InteractionStatus; usage?: Usage; error?: TurnError; finishedAt?: number }
  | { type: 'error'; message: string; action?: 'setApiKey' | 'openSettings' }
  | { type: 'focusInput' };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'newChat' }
  | { type: 'runCommand'; command: 'setApiKey' | 'openSettings' | 'showLog' }
  | { type: 'openLink'; url: string }
  /** A fenced code block's toolbar: copy to the clipboard, insert at the editor's cursor, open as a new editor. */
  | { type: 'codeAction'; action: 'copy' | 'insert' | 'open'; code: string; language?: string };

export function toViewTurn(t: Turn): ViewTurn {
  const { wire: _wire, ...rest } = t as Turn & { wire?: unknown };
  return rest as ViewTurn;
}
