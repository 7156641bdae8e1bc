// `@gemini` in VS Code's own Chat view, answered by the panel's core. Each chat session keeps its own
// chain: the answer's marker goes into the ChatResult metadata, and the next request of that session
// finds it in `context.history` (VS Code keeps the history per session).
import { MANAGE_KEYS_URL } from '../../core/gemini/errors';
import * as vscode from 'vscode';
import type { InputPart, Logger, Media, TurnSettings } from '../../core/conversation/types';
import { decodeMarker, encodeMarker, type ChainMarker, type NativeMessage, type NativePart } from '../../core/native/nativeChat';
import { runNativeTurn } from '../../core/native/nativeTurn';
import type { LearnedRefusals } from '../../core/models/learnedRefusals';
import { fenceFor, fileMessage, selectionMessage, type PreparedAttachment } from '../../core/editor/prompts';
import { mediaFileName } from '../../core/panel/mediaFiles';
import type { AttachmentSource } from '../attachments/readFiles';
import { selectionFromEditor } from '../editor/selection';
import { readAgentSettings } from '../settings/settings';
import type { ApiAccess } from '../gemini/geminiAccess';
import { LM_VENDOR } from './lmProvider';

export const PARTICIPANT_ID = 'geminiInteractions.gemini';

/** What a result of ours keeps for the next request of the session. */
export interface GeminiChatMetadata {
  /** The answer finished: it is part of the model's context (a stopped or failed one is not). */
  done?: boolean;
  /** The encoded marker of a finished, stored answer. */
  marker?: string;
}

export interface ParticipantDeps {
  access: ApiAccess;
  log: Logger;
  /** Thinking levels the API refused per model, shared with the panel and the model provider. */
  refusals: LearnedRefusals;
  /** The panel's turn settings (MCP secrets resolved, the workspace instructions file read). */
  settings(): Promise<TurnSettings>;
  /**
   * Reads and uploads referenced files as the panel's attachments do (a file that leads outside the
   * workspace is asked about first; declined, it throws what was left out).
   */
  prepareFiles(sources: AttachmentSource[]): Promise<PreparedAttachment[]>;
  /** The same question for files read here (a referenced range): throws when one is declined. */
  confirmFiles(uris: vscode.Uri[]): Promise<void>;
  /** Removes the known secrets (API key, MCP secrets) from error text, which VS Code keeps in the chat's history. */
  redact(text: string): string;
  /** Where generated images are written, so the chat can open them. */
  storage: vscode.Uri;
  extensionUri: vscode.Uri;
}

export function registerChatParticipant(deps: ParticipantDeps): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, context, stream, token) => answerChatRequest(deps, request, context, stream, token));
  participant.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'gemini.svg');
  return participant;
}

/** One `@gemini` request (exported for the extension-host tests, which call it with a recording stream). */
export async function answerChatRequest(deps: ParticipantDeps, request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult> {
  const fail = (message: string, action?: 'setApiKey' | 'openSettings') => failed(stream, deps.redact(message), action);
  const problem = await deps.access.configurationProblem();
  if (problem) return fail(problem.message, problem.action);
  let message: { parts: InputPart[]; text: string } | undefined;
  try {
    message = await requestMessage(deps, request);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!message) {
    stream.markdown(request.command === 'explain'
      ? vscode.l10n.t('Select code in an editor, or reference a file with #file, then ask again with /explain.')
      : vscode.l10n.t('Ask a question after @gemini{0}.', request.command ? ` /${request.command}` : ''));
    return {};
  }
  const settings = await requestSettings(deps, request);
  const messages: NativeMessage[] = [...historyMessages(context.history), { role: 'user', parts: message.parts.map(nativePart) }];
  const controller = new AbortController();
  // Stop: the SDK request is aborted, and a Deep Research run is also cancelled on the server.
  const cancel = token.onCancellationRequested(() => controller.abort());
  const media: Media[] = [];
  let marker: ChainMarker | undefined;
  try {
    const { turn } = await runNativeTurn(messages, { api: () => deps.access.api(), settings, log: deps.log, refusals: deps.refusals, chainAcrossModels: true, redact: (t) => deps.redact(t) }, (out) => {
      switch (out.kind) {
        case 'text': stream.markdown(out.text); return;
        case 'progress': stream.progress(out.text); return;
        case 'media': media.push(out.media); return;
        case 'marker': marker = out.marker; return;
        case 'toolCall': return; // no client tools here: the panel's workspace tools need its approval UI
      }
    }, controller.signal);
    for (const m of media) await showMedia(deps, stream, m);
    if (turn.state === 'error') {
      if (turn.error?.action === 'signInGoogleCloud') stream.button({ command: 'geminiInteractions.signInGoogleCloud', title: vscode.l10n.t('Sign in with Google Cloud…') });
      if (turn.error?.manageKeys) stream.button({ command: 'vscode.open', arguments: [vscode.Uri.parse(MANAGE_KEYS_URL)], title: vscode.l10n.t('Manage API Keys') });
      return fail(turn.error?.message ?? vscode.l10n.t('The Gemini request failed.'), turn.error?.action === 'setApiKey' ? 'setApiKey' : undefined);
    }
    const metadata: GeminiChatMetadata = turn.state === 'done' ? { done: true, ...(marker ? { marker: encodeMarker(marker) } : {}) } : {};
    return { metadata };
  } finally {
    cancel.dispose();
  }
}

/** The panel's settings with the command's model or agent; the chat's model when it is one of ours. */
async function requestSettings(deps: ParticipantDeps, request: vscode.ChatRequest): Promise<TurnSettings> {
  const base = await deps.settings();
  // Workspace function tools ask for approval in the panel's webview, which is not here.
  const settings: TurnSettings = { ...base, tools: { ...base.tools, functions: undefined } };
  if (request.model?.vendor === LM_VENDOR) settings.model = request.model.id;
  const agent = readAgentSettings();
  if (request.command === 'image') return { ...settings, model: agent.imageModel, output: { kind: 'image' } };
  if (request.command === 'research') return { ...settings, agent: { id: agent.researchAgent, thinkingSummaries: true } };
  return settings;
}

/** The new message: the prompt with its references, or for /explain the selection or the referenced code. */
async function requestMessage(deps: ParticipantDeps, request: vscode.ChatRequest): Promise<{ parts: InputPart[]; text: string } | undefined> {
  const prompt = request.prompt.trim();
  const refs = await referenceParts(deps, request.references);
  if (request.command === 'explain') {
    if (refs.length) return { parts: [{ kind: 'text', text: prompt || 'Explain this code: what it does, how it works, and anything surprising.' }, ...refs], text: prompt };
    const editor = vscode.window.activeTextEditor;
    const selection = editor ? await selectionFromEditor(editor) : undefined;
    if (!selection) return undefined;
    const m = selectionMessage(selection);
    return { parts: [...m.parts, ...(prompt ? [{ kind: 'text' as const, text: prompt }] : [])], text: m.text };
  }
  if (!prompt && !refs.length) return undefined;
  return { parts: [...(prompt ? [{ kind: 'text' as const, text: prompt }] : []), ...refs], text: prompt };
}

/** #file references as the panel sends attachments (text framed, media as content); ranges as code. */
async function referenceParts(deps: ParticipantDeps, refs: readonly vscode.ChatPromptReference[]): Promise<InputPart[]> {
  const parts: InputPart[] = [];
  const files = refs.map((r) => r.value).filter((v): v is vscode.Uri => v instanceof vscode.Uri);
  // A range is read here, not by prepareFiles: its file gets the same question first.
  const ranges = refs.map((r) => r.value).filter((v): v is vscode.Location => v instanceof vscode.Location);
  if (ranges.length) await deps.confirmFiles(ranges.map((l) => l.uri));
  if (files.length) parts.push(...fileMessage('', await deps.prepareFiles(files.map((uri) => ({ type: 'uri', uri })))).parts);
  for (const r of refs) {
    if (r.value instanceof vscode.Location) {
      const doc = await vscode.workspace.openTextDocument(r.value.uri);
      const code = doc.getText(r.value.range);
      const fence = fenceFor(code);
      const lines = `${r.value.range.start.line + 1}-${r.value.range.end.line + 1}`;
      parts.push({ kind: 'text', text: `\`${vscode.workspace.asRelativePath(r.value.uri, false)}\`, lines ${lines}:\n${fence}${doc.languageId}\n${code}\n${fence}` });
    } else if (typeof r.value === 'string' && r.value.trim()) {
      parts.push({ kind: 'text', text: r.value });
    }
  }
  return parts;
}

/**
 * This session's earlier exchanges of ours. Only finished answers count (a stopped or failed one was
 * never part of the model's context), and each brings back its marker from the result metadata.
 */
export function historyMessages(history: vscode.ChatContext['history']): NativeMessage[] {
  const out: NativeMessage[] = [];
  for (let i = 0; i < history.length; i++) {
    const req = history[i];
    const res = history[i + 1];
    if (!(req instanceof vscode.ChatRequestTurn) || !(res instanceof vscode.ChatResponseTurn)) continue;
    if (req.participant !== PARTICIPANT_ID || res.participant !== PARTICIPANT_ID) continue;
    const meta = res.result.metadata as GeminiChatMetadata | undefined;
    if (!meta?.done || res.result.errorDetails) continue;
    // Without a marker (storage off) the exchange still counts: the whole history is then sent.
    const marker = typeof meta.marker === 'string' ? decodeMarker(meta.marker) : undefined;
    const text = res.response.map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : '')).join('');
    out.push({ role: 'user', parts: [{ kind: 'text', text: req.prompt }] });
    out.push({ role: 'assistant', parts: [...(text ? [{ kind: 'text' as const, text }] : []), ...(marker ? [{ kind: 'marker' as const, marker }] : [])] });
    i++;
  }
  return out;
}

function nativePart(p: InputPart): NativePart {
  return p.kind === 'text' ? { kind: 'text', text: p.text } : { kind: 'media', media: p.media };
}

/** A generated image: written to the extension's storage, referenced in the answer, opened by a button. */
async function showMedia(deps: ParticipantDeps, stream: vscode.ChatResponseStream, media: Media): Promise<void> {
  if (!media.data) return;
  const uri = vscode.Uri.joinPath(deps.storage, 'images', mediaFileName(media));
  await vscode.workspace.fs.writeFile(uri, Buffer.from(media.data, 'base64'));
  // The Chat view does not render images from files in markdown: a reference and a button open it.
  stream.reference(uri);
  stream.button({ command: 'vscode.open', arguments: [uri], title: vscode.l10n.t('Open Image') });
}

/** A failed request: the message (already redacted: VS Code keeps it in the chat's history) and a button that may fix it. */
function failed(stream: vscode.ChatResponseStream, message: string, action?: 'setApiKey' | 'openSettings'): vscode.ChatResult {
  if (action === 'setApiKey') stream.button({ command: 'geminiInteractions.setApiKey', title: vscode.l10n.t('Set API Key') });
  if (action === 'openSettings') stream.button({ command: 'workbench.action.openSettings', arguments: ['geminiInteractions.apiBaseUrl'], title: vscode.l10n.t('Open Settings') });
  return { errorDetails: { message } };
}
