// The test-only `internal.*` commands, all in one place: registered only under a test runner
// (ExtensionMode.Test), never in a user's VS Code, where a command link could approve a tool call, read
// the key's source or write a file. The extension-host tests drive the features through them.
import * as vscode from 'vscode';
import type { ModelTurn } from '../../core/conversation/types';
import type { ApprovalDecision, WebviewToHost } from '../../core/panel/protocol';
import type { Attachments, AttachRequest, OutsideQuestion } from '../attachments/attachments';
import type { ApplyCode } from '../edits/applyCode';
import type { ChangedFiles } from '../edits/changedFiles';
import { improveSelection, type ImproveDeps } from '../edits/improveSelection';
import type { ApiKeyStore } from '../gemini/apiKeyStore';
import type { GeminiAccess } from '../gemini/geminiAccess';
import { signInWithGoogleCloud } from '../gemini/googleCloudSignIn';
import type { ConversationLibrary } from '../history/conversationLibrary';
import type { ModelCatalogueHost } from '../models/modelCatalogue';
import { folderContent, folderItems, fileItems, mentionFiles } from '../mentions/mentionPicker';
import { checkApiRetiredModels, checkRetiredAgent, checkRetiredModels } from '../models/retiredModels';
import { answerChatRequest, type ParticipantDeps } from '../native/chatParticipant';
import type { ChatPanel } from '../panel/chatPanel';
import { saveMediaPart } from '../panel/saveMedia';
import type { BackgroundRuns } from '../slash/backgroundRuns';
import type { Research } from '../slash/research';
import type { ToolApprovals } from '../tools/toolApprovals';
import type { CodeIndex } from '../codeIndex/codeIndex';
import { openCitation } from '../codeIndex/citations';
import type { ChatModes } from '../modes/chatModes';
import type { ChatMode } from '../../core/modes/chatModes';

export interface TestHookDeps {
  panel: ChatPanel;
  /** Sends typed text as the composer does (slash commands included). */
  send(text: string): Promise<boolean>;
  approvals: ToolApprovals;
  runs: BackgroundRuns;
  apply: ApplyCode;
  improve: ImproveDeps;
  library: ConversationLibrary;
  research: Research;
  changed: ChangedFiles;
  keys: ApiKeyStore;
  catalogue: ModelCatalogueHost;
  globalState: vscode.Memento;
  attachments: Attachments;
  /** The `@gemini` participant's services, to answer a request without the Chat view. */
  participant: ParticipantDeps;
  codeIndex: CodeIndex;
  access: GeminiAccess;
  /** The composer's mode (Ask, Plan, Agent). */
  modes: ChatModes;
}

export function registerTestHooks(d: TestHookDeps): vscode.Disposable[] {
  /** The questions about files outside the workspace asked since the last look. */
  const asked: OutsideQuestion[] = [];
  /** The questions about a workspace's endpoint or Google Cloud project asked since the last look. */
  const accessAsked: string[] = [];
  const reg = (name: string, hook: Parameters<typeof vscode.commands.registerCommand>[1]) => vscode.commands.registerCommand(`geminiInteractions.internal.${name}`, hook);
  // The codebase index: answered questions (true = the user agreed), the batched update now, the status.
  const indexHooks = [
    reg('indexWorkspace', (confirm: boolean) => d.codeIndex.indexWorkspace(confirm)),
    reg('deleteIndex', (confirm: boolean) => d.codeIndex.deleteIndex(confirm)),
    reg('codeIndexFlush', () => d.codeIndex.flush()),
    reg('codeIndexStatus', () => d.codeIndex.status()),
    reg('openCitation', (m: { path: string; quote?: string; sha256?: string }) => openCitation(m, { debug() {}, info() {}, warn() {}, error() {} })),
  ];
  /** A retired-model notice answered by the test: what it said, and what was done. */
  const answered = async (check: (ask: (m: string, a: string) => Promise<string | undefined>) => Promise<unknown>, accept: boolean) => {
    let said: string | undefined;
    const result = await check((m, a) => { said = m; return Promise.resolve(accept ? a : undefined); });
    return { result, said };
  };
  return [
    ...indexHooks,
    // Tools: answer the first (or the given) pending approval, list them.
    reg('answerApproval', (decision: ApprovalDecision, callId?: string) => d.approvals.answer(callId, decision)),
    reg('pendingApprovals', () => d.approvals.pendingApprovals()),
    reg('openApprovalDiff', (callId: string) => d.approvals.openApprovalDiff(callId)),
    // The panel: send, stop, the last answer.
    reg('send', (text: string) => d.send(text)),
    reg('stop', () => d.panel.stop()),
    reg('lastModelTurn', (): ModelTurn | undefined => d.panel.modelTurn()),
    // The composer's mode: set it as the mode control does (undefined: back to the setting's default), read it.
    reg('setMode', (mode?: ChatMode) => d.modes.set(mode)),
    reg('chatMode', (): ChatMode => d.modes.current()),
    // An image of the last answer, saved anywhere (the image's real extension).
    reg('saveImage', async (index: number, target: string) => {
      const turn = d.panel.modelTurn();
      if (!turn) return undefined;
      try {
        return (await saveMediaPart(turn, index, { target: vscode.Uri.parse(target), only: 'image' }))?.toString();
      } catch (e) {
        void vscode.window.showErrorMessage((e as Error).message);
        return undefined;
      }
    }),
    // Deep Research: the stored runs, Start research on a plan.
    reg('backgroundRuns', () => d.runs.list()),
    reg('startPlannedResearch', () => d.research.startPlanned()),
    // Edits: Apply to file and its status, Improve Selection, undo a turn's changes.
    reg('apply', (msg: Extract<WebviewToHost, { type: 'applyCode' }>) => d.apply.apply({ ...msg, type: 'applyCode' })),
    reg('applyStatus', (applyId: string) => d.apply.statuses.get(applyId)),
    reg('improveSelection', (instruction: string) => improveSelection(d.improve, vscode.window.activeTextEditor, instruction)),
    reg('undoTurnChanges', (turnId: string, confirm: boolean) => d.changed.undoTurnChanges(turnId, confirm)),
    // History: export the current conversation without the dialogs; delete one (the current by default) or all, confirmed.
    reg('exportConversation', (format: 'markdown' | 'json', target: string) => d.library.exportConversation(undefined, { format, target: vscode.Uri.parse(target) }).then((u) => u?.toString())),
    reg('currentConversationId', () => d.panel.conversation?.data.id),
    reg('deleteConversation', (id?: string) => {
      const which = id ?? d.panel.conversation?.data.id;
      return which ? d.library.deleteConversation(which, { confirm: false }) : undefined;
    }),
    reg('deleteAllConversations', () => d.library.deleteAllConversations({ confirm: false })),
    // Models: the retired-model notices (settings, the API's list), answered by the test.
    reg('checkRetiredModels', (accept: boolean) => answered((ask) => checkRetiredModels(d.globalState, { info() {} }, ask), accept)),
    reg('checkRetiredAgent', (accept: boolean) => answered((ask) => checkRetiredAgent(d.globalState, { info() {} }, ask), accept)),
    reg('checkApiRetiredModels', (accept: boolean) => answered((ask) => checkApiRetiredModels(d.catalogue, d.globalState, { info() {} }, ask), accept)),
    // The key: where it comes from, never the key itself.
    reg('keySource', async () => (await d.keys.get())?.source ?? 'none'),
    // Attachments: the question about files outside the workspace answered without a dialog (and what it
    // said recorded), an attach request as the chat view sends it, the `@` picker's and @folder's lists.
    reg('answerOutsideQuestions', (allow: boolean) => {
      asked.length = 0;
      d.attachments.outsideQuestion = (q) => { asked.push(q); return Promise.resolve(allow); };
    }),
    reg('outsideQuestions', () => asked.splice(0)),
    // The backend: the questions about a workspace's endpoint or Google Cloud project answered without a dialog
    // (what they said recorded), and the Google Cloud sign-in walked through with scripted answers.
    reg('answerAccessQuestions', (allow: boolean) => {
      accessAsked.length = 0;
      d.access.ask = (message, detail, action) => { accessAsked.push(`${message}\n${detail}`); return Promise.resolve(allow ? action : undefined); };
    }),
    reg('accessQuestions', () => accessAsked.splice(0)),
    reg('signInGoogleCloud', async (script: { choose?: number; project?: string }) => {
      const said: { message: string; detail: string; actions: string[] }[] = [];
      let terminal: string | undefined;
      const result = await signInWithGoogleCloud({
        choose: (message, detail, actions) => { said.push({ message, detail, actions }); return Promise.resolve(script.choose === undefined ? undefined : actions[script.choose]); },
        inputProject: () => Promise.resolve(script.project),
        openTerminal: (command) => { terminal = command; },
      });
      return { result, said, terminal };
    }),
    reg('attach', (req: AttachRequest) => d.attachments.attach(req, new AbortController().signal)),
    reg('mentionFiles', async () => {
      const files = await mentionFiles();
      return { files: fileItems(files).map((i) => (i.description ? `${i.description}/${i.label}` : i.label)), outside: files.outside.length };
    }),
    reg('folderMention', async (folder: string) => {
      const files = await mentionFiles();
      return { folders: folderItems(files).map((f) => f.label), tree: folderContent(folder, files).tree };
    }),
    // `@gemini` in the Chat view: one request with `#file` references (URIs), its stream recorded.
    reg('nativeChat', async (prompt: string, references: string[] = []) => {
      const calls: { name: string; args: unknown[] }[] = [];
      const stream = new Proxy({}, { get: (_t, name) => (...args: unknown[]) => { calls.push({ name: String(name), args }); } }) as vscode.ChatResponseStream;
      const request = {
        prompt, command: undefined, model: undefined, toolReferences: [],
        references: references.map((u) => ({ id: 'vscode.file', value: vscode.Uri.parse(u) })),
      } as unknown as vscode.ChatRequest;
      const token = new vscode.CancellationTokenSource().token;
      const result = await answerChatRequest(d.participant, request, { history: [] }, stream, token);
      const markdown = calls.filter((c) => c.name === 'markdown').map((c) => String(c.args[0])).join('');
      return { result, markdown, calls: calls.map((c) => c.name) };
    }),
  ];
}
