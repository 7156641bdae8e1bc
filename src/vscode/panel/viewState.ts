// Builds the ViewState the webview draws from its sources: the current conversation (media by ref), the key,
// the endpoint and model settings, the stored conversations, pending approvals, the key's model list, the
// rules files and the MCP servers in use. The sources that belong to features come in as functions, so the
// panel imports no feature.
import type { Conversation } from '../../core/conversation/conversation';
import type { FunctionDeclaration, ModelTurn } from '../../core/conversation/types';
import type { ListedModel } from '../../core/gemini/client';
import type { ConversationMedia } from '../../core/panel/lazyMedia';
import type { ApprovalRequest, CodeIndexInfo, McpInfo, RulesInfo, ViewState } from '../../core/panel/protocol';
import type { ConversationStore } from '../../core/storage/conversationStore';
import type { ChatMode } from '../../core/modes/chatModes';
import { toolFamily } from '../../core/modes/modeTools';
import { buildCatalogue } from '../../core/models/catalogue';
import { panelTools, readEndpoint, readMeter, readModels, readTurnSettings } from '../settings/settings';

/** What the view state shows from outside the panel. */
export interface ViewStateSources {
  hasApiKey(): Promise<boolean>;
  /** The key's cached model list (no request), when there is one. */
  listedModels(): Promise<ListedModel[] | undefined>;
  pendingApprovals(): ApprovalRequest[];
  rules(): Promise<RulesInfo>;
  /** The MCP servers in use and the workspace's left out (src/vscode/tools/workspaceMcp.ts). */
  mcp(): Promise<McpInfo>;
  /** The codebase index's store when it is on (the File Search toggle then shows). */
  indexStore?(): string | undefined;
  /** The codebase index's state for the header line (undefined: not offered here). */
  codeIndex?(): Promise<CodeIndexInfo | undefined>;
  /** The composer's mode (src/vscode/modes). */
  mode(): ChatMode;
}

/** `current` is read when needed: a turn may finish while the key is read. */
export async function buildViewState(current: () => Conversation | undefined, media: ConversationMedia, store: ConversationStore, sources: ViewStateSources): Promise<ViewState> {
  // Awaited first: a state pushed from a turn's `finished` callback must read `busy` after the turn's
  // run has let go of the conversation, not before.
  const hasApiKey = await sources.hasApiKey();
  const endpoint = readEndpoint();
  const conv = current()?.data;
  const turnSettings = readTurnSettings();
  const model = turnSettings.model;
  const listed = await sources.listedModels().catch(() => undefined);
  return {
    conversationId: conv?.id,
    // Media goes by ref; the webview asks for each image as it scrolls near it.
    turns: media.viewTurns(conv?.turns ?? []),
    // A turn is streaming from the moment it is shown, before its request is under way.
    busy: (current()?.busy ?? false) || conv?.turns.at(-1)?.role === 'model' && (conv.turns.at(-1) as ModelTurn).state === 'streaming',
    hasApiKey,
    ...(endpoint.ok && endpoint.baseUrl ? { customEndpoint: endpoint.baseUrl } : {}),
    model,
    conversations: store.list().map((e) => ({ id: e.id, title: e.title, updatedAt: e.updatedAt, ...(e.sizeBytes !== undefined ? { sizeBytes: e.sizeBytes } : {}) })),
    pendingApprovals: sources.pendingApprovals(),
    models: readModels(),
    modelChoices: buildCatalogue(readModels(), listed),
    tools: panelTools(sources.indexStore?.()),
    // The API's own input limit for the model wins over the static table when the key's list has it.
    meter: readMeter(model, listed?.find((m) => m.id === model)?.inputTokenLimit),
    rules: await sources.rules(),
    mcp: await sources.mcp(),
    ...await (async () => { const codeIndex = await sources.codeIndex?.(); return codeIndex ? { codeIndex } : {}; })(),
    mode: sources.mode(),
    modeTools: toolFamilies(turnSettings.tools.functions ?? []),
  };
}

/** The tool families the settings let a mode declare (the mode control says when one is off). */
function toolFamilies(functions: readonly FunctionDeclaration[]): { read: boolean; edit: boolean } {
  const families = new Set(functions.map((f) => toolFamily(f.name)));
  return { read: families.has('read'), edit: families.has('edit') };
}
