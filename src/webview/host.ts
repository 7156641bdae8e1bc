// The webview's side of the host connection: the typed postMessage and the UI state VS Code keeps for
// the view while it is hidden (draft, scroll). Conversation state lives in the host, never here.
import type { DraftAttachment, WebviewToHost } from '../core/protocol';

export interface UiState {
  draft: string;
  /** Attachment chips of the draft (the host keeps the files). */
  attachments?: DraftAttachment[];
  /** Transcript scroll position, for the conversation it was taken in. */
  scroll?: { conversationId: string; top: number; atEnd: boolean };
  /** Keys (`turnId:partIndex`) of the cards the user expanded. */
  expanded?: string[];
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

export function uiState(): UiState {
  return { draft: '', ...api.getState() };
}

export function saveUiState(patch: Partial<UiState>): void {
  api.setState({ ...uiState(), ...patch });
}
