// The one typed protocol between the extension host and the chat webview (imported by both sides).
// The host owns conversation state; the webview renders and keeps only UI state. Deltas travel as
// small `event` messages, never the whole conversation.
import type { ModelPrice } from '../models/cost';
import type { CatalogueEntry } from '../models/catalogue';
import type { SearchTextDoc } from '../history/searchText';
import type { MentionKind } from '../mentions/mentions';
import type { McpServerRef } from '../tools/mcpServers';
import type { ChatMode } from '../modes/chatModes';
import type { PlanItem } from '../modes/planChecklist';
import type { ChangedFile, ModelTurn, TurnError, TurnEvent, Turn, UserTurn, Usage, InteractionStatus, ModelTurnState } from '../conversation/types';

/** A turn as the webview sees it: without the wire data kept for replay. */
export type ViewTurn = Omit<UserTurn, 'wire'> | Omit<ModelTurn, 'wire'>;

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  /** Bytes on disk (journal and the media it refers to), when known. */
  sizeBytes?: number;
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
  // ---- panel settings (model picker, built-in tool toggles) ----
  /** Models offered by the picker (`geminiInteractions.models`, plus the current one). */
  models: string[];
  /** The picker's entries with display names and capability marks (the key's model list merged with the static table). */
  modelChoices?: CatalogueEntry[];
  tools: PanelTools;
  /** The header's context meter and the cost estimate (issue 17). */
  meter?: ViewMeter;
  /** The rules files in use (AGENTS.md, ...), shown under the header; see src/core/rules/rulesFiles.ts. */
  rules?: RulesInfo;
  /** The MCP servers requests use, and the workspace's left out; see src/core/tools/mcpServers.ts. */
  mcp?: McpInfo;
  /** The codebase index (File Search store) of this workspace; absent where it cannot exist (no folder, untrusted). */
  codeIndex?: CodeIndexInfo;
  /** The composer's mode (remembered per workspace; default `geminiInteractions.chat.defaultMode`): the next turn's tools (absent: the default, Agent). */
  mode?: ChatMode;
  /**
   * Which of the extension's tool families the settings allow (tools.workspace, tools.workspaceEdits, Workspace
   * Trust): a mode never adds one they turn off, and the mode control says so. Absent: both allowed.
   */
  modeTools?: { read: boolean; edit: boolean };
}

/** What the webview needs to show context use and cost; it takes the token counts from the turns. */
export interface ViewMeter {
  /** The current model's input token limit; absent when unknown (the meter then shows tokens only). */
  contextWindow?: number;
  /** Present when `geminiInteractions.cost.show` is on: prices per model id (table merged with overrides). */
  cost?: { asOf: string; source: string; prices: Record<string, ModelPrice> };
}

/** The codebase index under the header: none yet (a button builds it), being updated, or ready with its size. */
export interface CodeIndexInfo {
  state: 'none' | 'ready' | 'indexing';
  files: number;
  /** When the last run ended (epoch ms). */
  lastRun?: number;
  /** File events waiting for the next batched update. */
  pending: number;
}

/** The rules files sent with every request, or that they are not used (an untrusted workspace). */
export interface RulesInfo {
  /** Workspace-relative paths, in the order they are sent. */
  files: string[];
  /** Rules files are listed but not read: the workspace is not trusted. */
  untrusted?: boolean;
}

/** The MCP servers sent with every request, shown under the header (none: no line). */
export interface McpInfo {
  /** In use: the user's servers, then the workspace's the user allowed. */
  servers: McpServerRef[];
  /** Servers the workspace's settings add that are left out: not allowed (yet) in this workspace. */
  notUsed?: McpServerRef[];
}

/** A workspace tool call Gemini wants to make; the user allows it once, always, or denies it. */
export interface ApprovalRequest {
  turnId: string;
  callId: string;
  name: string;
  /** The arguments as pretty JSON. */
  argsText: string;
  /** Where the call's path really leads, when a link makes that differ from the path it names. */
  resolvedPath?: string;
  /** An edit tool's change, shown as a diff on the card; edits are never "always allowed". */
  edit?: {
    path: string; kind: 'edit' | 'create' | 'delete'; added: number; removed: number; diff: string;
    /**
     * Set when the card cannot show the whole diff: 'cut' (hiddenLines are not shown) or 'none' (too large to
     * compute here). Allow then waits until the user opened the diff editor.
     */
    partial?: 'cut' | 'none'; hiddenLines?: number;
  };
  /**
   * The arguments, a path or the diff (also a part the card does not show) hold invisible or
   * direction-changing characters (src/core/util/invisibleChars.ts): the card draws them as marked escapes
   * (`<U+202E>`) and says so in a warning.
   */
  invisible?: true;
}

export type ApprovalDecision = 'once' | 'always' | 'deny';

/** The built-in tools the panel header toggles (`geminiInteractions.tools.*`). */
export interface PanelTools {
  codeExecution: boolean;
  urlContext: boolean;
  googleSearch: boolean;
  googleMaps?: boolean;
  /** Absent when no File Search store is configured (`geminiInteractions.tools.fileSearchStores`): no toggle then. */
  fileSearch?: boolean;
}
export type PanelTool = keyof PanelTools;

/**
 * Merged text/thought/args deltas of one part (src/core/panel/deltaCoalescer.ts), the message a stream sends
 * thousands of, so its keys are short: `x` the text, `i` the part index, `k` the kind (text when
 * absent), `t` the turn id — only when it differs from the previous `d`'s turn (DeltaReader remembers it).
 */
export interface DeltaMessage { type: 'd'; t?: string; i: number; k?: 'thought' | 'args'; x: string }

export type HostToWebview =
  | { type: 'state'; state: ViewState }
  | { type: 'turnStarted'; user: ViewTurn; model: ViewTurn }
  | { type: 'event'; turnId: string; event: TurnEvent }
  | DeltaMessage
  | { type: 'notice'; turnId: string; text?: string }
  | { type: 'turnFinished'; turnId: string; state: ModelTurnState; status?: InteractionStatus; usage?: Usage; error?: TurnError; finishedAt?: number }
  | { type: 'error'; message: string; action?: 'setApiKey' | 'openSettings' }
  | { type: 'focusInput' }
  // agentic tools (approval of function calls, Continue after max output tokens)
  | { type: 'approval'; request: ApprovalRequest }
  | { type: 'approvalDone'; callId: string }
  | { type: 'incomplete'; turnId: string }
  /** The answer to a webview `request` with the same id: its result, or why there is none. */
  | ResponseMessage
  /** A send that did not happen (upload failed or cancelled, declined): the draft comes back intact. */
  | { type: 'draftRestore'; text: string; attachments: DraftAttachment[] }
  // ---- conversation management ----
  /** A failed answer is being retried: drop the failed turn's view and stream `model` in its place. */
  | { type: 'turnRetried'; failedTurnId: string; model: ViewTurn }
  /** Open the conversation list (the "Gemini: Show Conversations" command). */
  | { type: 'showHistory' }
  /** A turn became a Deep Research plan waiting for the user (`done`: it no longer waits). */
  | { type: 'researchPlan'; turnId: string; done?: boolean }
  /** The files a turn changed so far (edit tools), or after an Undo. */
  | { type: 'changedFiles'; turnId: string; files: ChangedFile[] }
  /** Where an "Apply to file" of a code block stands (shown in that block). */
  | { type: 'applyStatus'; status: ApplyStatus };

/** The states of an Apply: merging a fragment, the diff open for review, then its outcome. */
export interface ApplyStatus {
  applyId: string;
  state: 'merging' | 'review' | 'accepted' | 'rejected' | 'cancelled' | 'failed';
  /** Workspace-relative path of the target file. */
  path?: string;
  /** Characters of the merged file received so far (merging). */
  chars?: number;
  /** Why it failed, or what happened (e.g. the file changed meanwhile). */
  message?: string;
}

export type WebviewToHost =
  | { type: 'ready' }
  /** `attachments`: ids of DraftAttachments the host holds. */
  | { type: 'send'; text: string; attachments?: string[] }
  | { type: 'stop' }
  | { type: 'newChat' }
  | { type: 'runCommand'; command: 'setApiKey' | 'openSettings' | 'showLog' | 'manageKeys' | 'signInGoogleCloud' | 'indexWorkspace' | 'updateIndex' }
  /** `text`: the link's visible text, so the host can say when it is not where the link goes. */
  | { type: 'openLink'; url: string; text?: string }
  /** A codebase-index citation: the workspace path its document carries, the cited text, the hash indexed. */
  | { type: 'openCitation'; path: string; quote?: string; sha256?: string }
  // agentic tools
  | { type: 'approve'; callId: string; decision: ApprovalDecision }
  | { type: 'continue'; turnId: string }
  /** Something the webview waits for: the host answers with a `response` carrying the same id. */
  | { type: 'request'; id: number; request: WebviewRequest }
  /** The webview no longer wants the answer (the user cancelled): the host stops and answers `cancelled`. */
  | { type: 'cancel'; id: number }
  | { type: 'removeAttachment'; id: string }
  /** A fenced code block's toolbar: copy to the clipboard, insert at the editor's cursor, open as a new editor. */
  | { type: 'codeAction'; action: 'copy' | 'insert' | 'open'; code: string; language?: string }
  /**
   * "Apply to file": propose the block as a change to the file it names (fence info, first-line comment or
   * the line before it), else the file the question came from, else one the user picks. `applyId` is the
   * webview's name for this block's apply, echoed in every applyStatus.
   */
  | { type: 'applyCode'; applyId: string; turnId?: string; code: string; info?: string; before?: string }
  /** "Start research" on the last turn's Deep Research plan. */
  | { type: 'startPlannedResearch' }
  /** Opens the diff of a pending edit-tool approval in the diff editor. */
  | { type: 'openApprovalDiff'; callId: string }
  /** A turn's "Changed files": open one file's diff (before → after the turn), or undo the turn's changes. */
  | { type: 'openChangeDiff'; turnId: string; path: string }
  | { type: 'undoTurnChanges'; turnId: string }
  /** Accept or reject the open proposal of that apply, or cancel its merge. */
  | { type: 'applyAction'; applyId: string; action: 'accept' | 'reject' | 'cancel' }
  // ---- conversation management and panel settings ----
  | { type: 'switchConversation'; id: string }
  /** Without `title` the host asks for one. */
  | { type: 'renameConversation'; id: string; title?: string }
  /** Export a conversation as Markdown or JSON (the host asks which, and where). */
  | { type: 'exportConversation'; id: string }
  /** The host asks for confirmation, then deletes on the server (best effort) and locally. */
  | { type: 'deleteConversation'; id: string }
  /** Every conversation of the workspace, here and on the server; the host asks for confirmation first. */
  | { type: 'deleteAllConversations' }
  | { type: 'retry' }
  | { type: 'setModel'; model: string }
  | { type: 'setTool'; tool: PanelTool; enabled: boolean }
  /** The composer's mode control: the mode of the next turns in this workspace. */
  | { type: 'setMode'; mode: ChatMode }
  /** "Carry out this plan" on a Plan turn's card: switch to Agent and send the checklist as edited. */
  | { type: 'carryOutPlan'; turnId: string; items: PlanItem[] }
  /** The picker was opened: list the key's models (cached a day) if not listed yet. */
  | { type: 'listModels' }
  /** Open a rules file the panel lists (a path from RulesInfo.files) in an editor. */
  | { type: 'openRulesFile'; path: string }
  /** A server the panel lists: the user's opens the settings, the workspace's the list of its servers. */
  | { type: 'openMcpServers'; origin: 'user' | 'workspace' };

/**
 * Requests: webview actions whose outcome the webview shows in place. Commands (fire and forget) and
 * notifications (host → webview) are the other two kinds of message; a request is the only one that
 * is answered, and it can be cancelled.
 */
export type WebviewRequest =
  // Attachments: the host reads, checks and keeps them; the answer is the chips to show.
  | { type: 'pickAttachments' }
  /** Files dropped from the Explorer (or any text/uri-list). */
  | { type: 'attachUris'; uris: string[] }
  /** An image dropped from the OS or pasted from the clipboard, as base64. */
  | { type: 'attachData'; name: string; mimeType: string; data: string; /** set (and data empty) when too big to hand over */ sizeBytes?: number }
  /** An https URL of an image or PDF the user chose to send by `uri`. */
  | { type: 'attachUrl'; url: string }
  /** `@` typed in the message box: the host shows the workspace file picker. */
  | { type: 'mentionFile' }
  /** Save a media part of the current conversation (found by turn id and part index) to the workspace. */
  | { type: 'saveMedia'; turnId: string; index: number }
  /** The bytes of a media part of the conversation on screen, by its ref (sent when it scrolls near). */
  | { type: 'loadMedia'; ref: string }
  /**
   * History search: the text of the listed conversations the webview lacks. `known`: the `updatedAt` of
   * each text it already holds, so each is sent once per change.
   */
  | { type: 'historySearchText'; known: Record<string, number> };

/** What each request answers with. */
export interface RequestResults {
  pickAttachments: AttachResult;
  attachUris: AttachResult;
  attachData: AttachResult;
  attachUrl: AttachResult;
  mentionFile: AttachResult;
  /** `savedTo`: the workspace-relative path; absent when the user closed the save dialog. */
  saveMedia: { savedTo?: string };
  /** base64 of the media the ref names. */
  loadMedia: { mimeType: string; data: string };
  historySearchText: { docs: SearchTextDoc[] };
}
/** The attachments accepted (chips to show); what was wrong with the others is shown as an error. */
export interface AttachResult { attachments: DraftAttachment[] }
export type RequestResult<R extends WebviewRequest> = RequestResults[R['type']];

export type ResponseMessage =
  | { type: 'response'; id: number; result: RequestResults[keyof RequestResults] }
  | { type: 'response'; id: number; error: string }
  | { type: 'response'; id: number; cancelled: true };

/** An attachment waiting in the composer. */
export interface DraftAttachment {
  id: string;
  name: string;
  kind: 'text' | 'image' | 'audio' | 'video' | 'document';
  mimeType: string;
  /** 0 when unknown (a URL). */
  sizeBytes: number;
  source: 'file' | 'data' | 'url' | 'mention';
  /** A context mention's kind (its chip's icon). */
  mention?: MentionKind;
  /** A context mention's tooltip: what it holds, in the display language. */
  detail?: string;
}

export function toViewTurn(t: Turn): ViewTurn {
  const { wire: _wire, ...rest } = t as Turn & { wire?: unknown };
  return rest as ViewTurn;
}
