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
  /** Function calls waiting for the user's approval (agentic tools). */
  pendingApprovals?: ApprovalRequest[];
}

/** A workspace tool call Gemini wants to make; the user allows it once, always, or denies it. */
export interface ApprovalRequest {
  turnId: string;
  callId: string;
  name: string;
  /** The arguments as pretty JSON. */
  argsText: string;
}

export type ApprovalDecision = 'once' | 'always' | 'deny';

export type HostToWebview =
  | { type: 'state'; state: ViewState }
  | { type: 'turnStarted'; user: ViewTurn; model: ViewTurn }
  | { type: 'event'; turnId: string; event: TurnEvent }
  | { type: 'notice'; turnId: string; text?: string }
  | { type: 'turnFinished'; turnId: string; state: ModelTurnState; status?: InteractionStatus; usage?: Usage; error?: TurnError; finishedAt?: number }
  | { type: 'error'; message: string; action?: 'setApiKey' | 'openSettings' }
  | { type: 'focusInput' }
  // agentic tools (approval of function calls, Continue after max output tokens)
  | { type: 'approval'; request: ApprovalRequest }
  | { type: 'approvalDone'; callId: string }
  | { type: 'incomplete'; turnId: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'newChat' }
  | { type: 'runCommand'; command: 'setApiKey' | 'openSettings' | 'showLog' }
  | { type: 'openLink'; url: string }
  // agentic tools
  | { type: 'approve'; callId: string; decision: ApprovalDecision }
  | { type: 'continue'; turnId: string }
  | { type: 'saveImage'; turnId: string; index: number };

export function toViewTurn(t: Turn): ViewTurn {
  const { wire: _wire, ...rest } = t as Turn & { wire?: unknown };
  return rest as ViewTurn;
}
