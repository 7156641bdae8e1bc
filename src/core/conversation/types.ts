// The extension's own model of a conversation. No wire format here: src/core/gemini/ translates the
// Interactions API into these types, so the next breaking change of the beta API touches only that folder.
import type { ThinkingLevel } from '../models/models';
import type { ChatMode } from '../modes/chatModes';

export type InteractionStatus =
  | 'in_progress' | 'queued' | 'requires_action' | 'requires_continuation'
  | 'completed' | 'failed' | 'cancelled' | 'incomplete' | 'budget_exceeded'
  | (string & {});

/** Statuses after which nothing more happens to an interaction. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'completed', 'failed', 'cancelled', 'incomplete', 'budget_exceeded', 'requires_action',
]);

export interface Citation {
  url?: string;
  title?: string;
  /** UTF-16 offsets into the text part (the wire gives UTF-8 byte offsets; the translator converts). */
  start?: number;
  end?: number;
  kind: 'url' | 'file' | 'place' | 'other';
  /** A file citation from the codebase index: the workspace path its document carries (custom_metadata.path). */
  path?: string;
  /** The content hash the document was indexed with (custom_metadata.sha256): tells a file changed since. */
  sha256?: string;
  /** The cited span of the answer (at most 2,000 characters): what is looked up in the file to find the lines. */
  quote?: string;
}

export interface Media {
  type: 'image' | 'audio' | 'video' | 'document';
  mimeType?: string;
  /** base64 without a data: prefix */
  data?: string;
  uri?: string;
  name?: string;
  sizeBytes?: number;
  /** Set in the view instead of `data` (src/core/panel/lazyMedia.ts): the SHA-256 the webview asks the bytes by. */
  ref?: string;
  /** Pixel size of an image, when its header gave it (keeps the placeholder the image's shape). */
  width?: number;
  height?: number;
}

export type Part =
  | { kind: 'text'; text: string; citations?: Citation[] }
  | { kind: 'thought'; text: string }
  | { kind: 'functionCall'; id: string; name: string; argsText: string; args?: unknown; argsInvalid?: boolean }
  | { kind: 'functionResult'; callId: string; name?: string; result: string; isError?: boolean }
  | { kind: 'codeCall'; id: string; language?: string; code: string }
  | { kind: 'codeResult'; callId: string; output: string; isError?: boolean }
  | { kind: 'urlContextCall'; id: string; urls: string[] }
  | { kind: 'urlContextResult'; callId: string; results: { url?: string; status?: string }[]; isError?: boolean }
  | { kind: 'searchCall'; id: string; queries: string[] }
  | { kind: 'searchResult'; callId: string; suggestionsHtml: string[]; isError?: boolean }
  /** MCP and other server tools (google_maps, file_search, retrieval, the untyped `tool_call`). */
  | { kind: 'toolCall'; tool: string; id: string; name?: string; server?: string; argsText?: string }
  | { kind: 'toolResult'; tool: string; callId: string; name?: string; server?: string; result: string; isError?: boolean }
  | { kind: 'media'; media: Media }
  | { kind: 'unsupported'; wireType: string; preview: string };

export type PartKind = Part['kind'];

export interface Usage {
  input?: number;
  output?: number;
  thought?: number;
  cached?: number;
  toolUse?: number;
  total?: number;
  /**
   * Input tokens (cached included) of the turn's last request: what the conversation's context holds, as the
   * server keeps the history (previous_interaction_id). The other counts are summed over a turn's hops; this is
   * not, and is set only when it differs from `input` (a turn of several hops): read it with `contextTokens`.
   */
  context?: number;
}

/** What the translator emits for every wire event; both the host and the webview reduce them. */
export type TurnEvent =
  /** A new interaction began (each automatic-continuation hop starts one). */
  /** `model`: the model the API says answers (a routed id is answered, and echoed, as the model serving it). */
  | { type: 'interaction'; id: string; status: InteractionStatus; model?: string }
  | { type: 'status'; status: InteractionStatus }
  | { type: 'part'; index: number; part: Part }
  /** Replace a part wholesale (tool payloads, finished function arguments, media). */
  | { type: 'update'; index: number; part: Part }
  | { type: 'text'; index: number; text: string }
  | { type: 'thought'; index: number; text: string }
  | { type: 'args'; index: number; text: string }
  | { type: 'citations'; index: number; citations: Citation[] }
  | { type: 'completed'; id: string; status: InteractionStatus; usage?: Usage }
  | { type: 'usage'; usage: Usage }
  /** `fatal: false` for empty in-stream error events, which the live API sends and then continues. */
  | { type: 'error'; message: string; code?: string; fatal: boolean };

export interface UserAttachment {
  name: string;
  mimeType: string;
  sizeBytes: number;
  kind: Media['type'] | 'text';
}

export interface UserTurn {
  role: 'user';
  id: string;
  text: string;
  attachments?: UserAttachment[];
  /** The file the question came from (Explain Selection, Ask About File), as a URI string: where "Apply" goes. */
  source?: string;
  at: number;
  /** The wire `user_input` step as sent (opaque outside src/core/gemini), for stateless replay. */
  wire?: unknown;
}

export type ModelTurnState = 'streaming' | 'done' | 'stopped' | 'error';

export interface TurnError {
  message: string;
  /** What the user can do: retry, set the key, open settings, sign in with Google Cloud again. */
  action?: 'retry' | 'setApiKey' | 'openSettings' | 'signInGoogleCloud';
  /** The key was rejected or blocked: offer Google's key page too. */
  manageKeys?: boolean;
  code?: string;
}

export interface ModelTurn {
  role: 'model';
  id: string;
  model: string;
  /** The model the API named as answering, when it is not `model` (Google routes some ids to newer models). */
  servedBy?: string;
  parts: Part[];
  state: ModelTurnState;
  status?: InteractionStatus;
  /** Every interaction id of this turn in order; the last one chains the next turn. */
  interactionIds: string[];
  usage?: Usage;
  error?: TurnError;
  notice?: string;
  startedAt: number;
  finishedAt?: number;
  /** The output steps exactly as the API returned them (opaque outside src/core/gemini). */
  wire?: unknown[];
  /** A Deep Research plan that waits for the user to start the research or revise the plan. */
  researchPlan?: boolean;
  /** Files this turn's edit tools changed (after the user allowed each), for the summary and Undo. */
  changedFiles?: ChangedFile[];
  /** The composer's mode the turn ran in (src/core/modes); absent on turns from before modes, and on agent runs. */
  mode?: ChatMode;
}

/** One file a turn changed: its +/− line counts; `undone` once Undo restored it. */
export interface ChangedFile {
  path: string;
  added: number;
  removed: number;
  kind: 'edit' | 'create' | 'delete';
  undone?: boolean;
}

export type Turn = UserTurn | ModelTurn;

/** One piece of what the user sends: text, or a media/document attachment (inline data or a file uri). */
export type InputPart =
  | { kind: 'text'; text: string }
  | { kind: 'media'; media: Media };

/** Settings sent with every turn (the API does not inherit them through previous_interaction_id). */
export interface TurnSettings {
  model: string;
  store: boolean;
  systemInstruction?: string;
  tools: {
    codeExecution?: boolean; urlContext?: boolean; googleSearch?: boolean; googleMaps?: boolean;
    /** File Search stores (`fileSearchStores/<id>`) to search; the tool is sent when there is one. */
    fileSearchStores?: string[];
    /** Client-executed function tools (the workspace tools); calls end the interaction in requires_action. */
    functions?: FunctionDeclaration[];
    /** Remote MCP servers, sent as `mcp_server` tools (header values already resolved from secrets). */
    mcpServers?: McpServer[];
    /**
     * false: never defer tool schemas behind `tool_search` (requests.ts TOOL_SEARCH_MIN_TOOLS says when it is used);
     * `geminiInteractions.tools.toolSearch`.
     */
    toolSearch?: boolean;
  };
  /** Structured output (JSON schema) or image output for this turn. */
  output?: { kind: 'json'; schema: Record<string, unknown> } | { kind: 'image'; aspectRatio?: string; imageSize?: string };
  /** An agent interaction (Deep Research) instead of a model one; always runs in the background. */
  /** `collaborativePlanning`: the agent answers with a plan and waits for the next turn to confirm or revise it. */
  agent?: { id: string; thinkingSummaries?: boolean; collaborativePlanning?: boolean };
  /** Deep Research options from the settings (`research.visualization`: `off` stops its charts). */
  research?: { visualization?: 'off' | 'auto' };
  /** Run with `background: true` (stream + resume by id; Stop cancels on the server). */
  background?: boolean;
  generation?: {
    temperature?: number;
    maxOutputTokens?: number;
    thinkingLevel?: ThinkingLevel;
    thinkingSummaries?: boolean;
    /** `any`: the model must call one of the function tools (VS Code's "required" tool mode). */
    toolChoice?: 'auto' | 'any' | 'none';
  };
  /** Sentences about the settings that the turn shows (e.g. an MCP server skipped because of its secret). */
  notices?: string[];
  /**
   * The composer's mode: which of the extension's function tools are declared (src/core/modes/modeTools.ts) and
   * what the system instruction adds. Absent (VS Code's own chat, tests): the functions as given.
   */
  mode?: ChatMode;
}

/** A function tool the extension executes itself. */
export interface FunctionDeclaration {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export interface McpServer {
  name: string;
  url: string;
  headers?: Record<string, string>;
  allowedTools?: string[];
}

/** A pending client-side function call (from a requires_action interaction). */
export interface FunctionCall {
  id: string;
  name: string;
  args: Record<string, unknown>;
}

/** The outcome of one call; `isError` on failure or denial (sent as `is_error`). */
export interface FunctionOutcome {
  result: string;
  isError?: boolean;
}

export interface ConversationData {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turns: Turn[];
  /** Head of the server-side chain: the `previous_interaction_id` of the next turn. */
  lastInteractionId?: string;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
