// The webview's side of the host connection: the typed postMessage, requests the host answers, and the
// UI state VS Code keeps for the view while it is hidden (draft, scroll). Conversation state lives in
// the host, never here.
import type { PlanItem } from '../../core/modes/planChecklist';
import type { DraftAttachment, RequestResult, ResponseMessage, WebviewRequest, WebviewToHost } from '../../core/panel/protocol';

export interface UiState {
  draft: string;
  /** Attachment chips of the draft (the host keeps the files). */
  attachments?: DraftAttachment[];
  /** Transcript scroll position, for the conversation it was taken in. */
  scroll?: { conversationId: string; top: number; atEnd: boolean };
  /** Keys (`turnId:partIndex`) of the cards the user expanded. */
  expanded?: string[];
  /** Plan checklists the user edited, by turn id (src/webview/plan/planCard.ts), so hiding the view keeps them. */
  planDrafts?: Record<string, PlanItem[]>;
}

interface VsCodeApi {
  postMessage(m: WebviewToHost): void;
  getState(): Partial<UiState> | undefined;
  setState(s: UiState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(m: WebviewToHost): void {
  api.postMessage(m);
}

/** How a request ended: its result, an error message, or cancelled. */
export type Outcome<T> = { result: T } | { error: string } | { cancelled: true };

export interface PendingRequest<T> {
  readonly id: number;
  readonly outcome: Promise<Outcome<T>>;
  /** Tells the host to stop; the outcome becomes `cancelled` at once. */
  cancel(): void;
}

let nextId = 1;
const waiting = new Map<number, (o: Outcome<unknown>) => void>();

/** Sends a request; the host answers with a `response` carrying its id (see `settle`). */
export function request<R extends WebviewRequest>(req: R): PendingRequest<RequestResult<R>> {
  const id = nextId++;
  const outcome = new Promise<Outcome<RequestResult<R>>>((resolve) => waiting.set(id, resolve as (o: Outcome<unknown>) => void));
  post({ type: 'request', id, request: req });
  return {
    id,
    outcome,
    cancel: () => {
      const resolve = waiting.get(id);
      if (!resolve) return;
      waiting.delete(id);
      post({ type: 'cancel', id });
      resolve({ cancelled: true });
    },
  };
}

/** A `response` from the host: settles the request with its id (an answer nobody waits for is dropped). */
export function settle(m: ResponseMessage): void {
  const resolve = waiting.get(m.id);
  if (!resolve) return;
  waiting.delete(m.id);
  resolve('result' in m ? { result: m.result } : 'error' in m ? { error: m.error } : { cancelled: true });
}

export function uiState(): UiState {
  return { draft: '', ...api.getState() };
}

export function saveUiState(patch: Partial<UiState>): void {
  api.setState({ ...uiState(), ...patch });
}
