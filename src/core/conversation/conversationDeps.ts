// What a conversation is given by its host: the API, settings, storage, a listener for what happens in a turn,
// the tool runner and the limits. Declared apart from conversation.ts because turnRun.ts needs them too.
import type { InteractionsApi } from '../gemini/client';
import type { Messages } from '../l10n/coreStrings';
import type { LearnedRefusals } from '../models/learnedRefusals';
import type { ConversationData, FunctionCall, FunctionOutcome, Logger, ModelTurn, TurnEvent, TurnSettings, UserTurn } from './types';

export interface TurnListener {
  started(user: UserTurn, model: ModelTurn): void;
  event(turnId: string, ev: TurnEvent): void;
  /** A transient line under the turn ("Rate limited — retrying in 5 s"); undefined clears it. */
  notice(turnId: string, text: string | undefined): void;
  finished(turn: ModelTurn): void;
  /** A failed or stopped answer is replaced by a new attempt (retry); absent: `started` is called instead. */
  retried?(failedTurnId: string, user: UserTurn, model: ModelTurn): void;
  /** A background turn is being re-read from the server (after a reload): its parts were cleared. */
  resumed?(turn: ModelTurn): void;
}

/** Runs the client-side function calls of a `requires_action` round, approval included. */
export interface ToolRunner {
  run(turnId: string, calls: FunctionCall[], signal: AbortSignal): Promise<FunctionOutcome[]>;
}

/** Persists running background interactions so a reloaded window can pick them up again. */
export interface BackgroundTracker {
  started(conversationId: string, turnId: string, interactionId: string): void;
  ended(conversationId: string, turnId: string): void;
}

/** What a Conversation needs from its host: the extension, VS Code's native chat, or a test. */
export interface ConversationDeps {
  api(): Promise<InteractionsApi>;
  settings(): TurnSettings;
  save(data: ConversationData): Promise<void>;
  log: Logger;
  listener: TurnListener;
  /** No event for this long = a stalled connection, which is dropped and resumed. */
  stallMs?: number;
  maxRateLimitRetries?: number;
  maxServerRetries?: number;
  maxResumes?: number;
  /** Base of the exponential backoff for server errors and resumes. */
  backoffMs?: number;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  newId?(): string;
  tools?: ToolRunner;
  /** Tool rounds per user message before the loop is stopped (default 8); a function reads it per turn. */
  maxToolRounds?: number | (() => number);
  background?: BackgroundTracker;
  now?(): number;
  /** Removes the secrets the extension knows (API key, MCP secrets) from error text that is stored and shown. */
  redact?(text: string): string;
  /** The user-facing text of errors and notices (the display language); English by default. */
  messages?: Messages;
  /** Thinking levels the API refused per model, shared by every conversation of the host; absent: this conversation's own. */
  refusals?: LearnedRefusals;
}
