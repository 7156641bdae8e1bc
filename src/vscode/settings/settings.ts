// Reads the extension's settings into the plain objects core takes (turn settings, agent settings, the panel's
// tools and meter), honouring Workspace Trust for the settings a repository must not decide.
import * as vscode from 'vscode';
import type { TurnSettings } from '../../core/conversation/types';
import type { PanelTools, ViewMeter } from '../../core/panel/protocol';
import { contextWindow } from '../../core/models/contextWindow';
import { mergePrices } from '../../core/models/cost';
import { PRICES } from '../../core/models/prices';
import { checkBaseUrl, trimTrailingSlashes, type EndpointCheck } from '../../core/gemini/endpoint';
import { hostMessages } from '../l10n/coreStrings';
import { effectiveMcpServers, type McpDecision, type McpServerRef, type McpSetting } from '../../core/tools/mcpServers';
import { WORKSPACE_TOOLS } from '../../core/tools/workspaceTools';
import { EDIT_TOOLS } from '../../core/tools/editTools';
import { combineSystemInstruction } from '../../core/rules/rulesFiles';
import { DEFAULT_MODEL, THINKING_LEVELS, type ThinkingLevel } from '../../core/models/models';

export const SECTION = 'geminiInteractions';

export const DEFAULT_IMAGE_MODEL = 'gemini-3.1-flash-image';
export const DEFAULT_RESEARCH_AGENT = 'deep-research-preview-04-2026';

/** What the settings reference but cannot read synchronously: secrets and the workspace instructions file. */
export interface SettingsContext {
  secret(name: string): string | undefined;
  /** The rules files (AGENTS.md, ...) merged under their headers, when the workspace has any. */
  instructionsFile?: string;
  /** Called with problems found in the settings (e.g. an MCP secret not set). */
  problems?(messages: string[]): void;
  /** What the user answered for a workspace MCP server's URL in this workspace (none: the server is left out). */
  mcpDecision?(url: string): McpDecision | undefined;
  /** Workspace MCP servers the user declined when asked before this request (the turn says so once). */
  mcpDeclinedNow?: readonly McpServerRef[];
  /** The workspace's codebase index (a File Search store), searched with the configured stores. */
  indexStore?: string;
}

export function readTurnSettings(ctx?: SettingsContext): TurnSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const mcp = effectiveMcpServers(mcpServersSetting(), (n) => ctx?.secret(n), (url) => ctx?.mcpDecision?.(url));
  if (mcp.problems.length) ctx?.problems?.(mcp.problems);
  const notices = [...mcp.refusals, ...mcpLeftOut(mcp.unanswered, ctx?.mcpDeclinedNow ?? [])];
  // Workspace tools read local files: only in a trusted workspace.
  const workspaceTools = c.get<boolean>('tools.workspace', true) && vscode.workspace.isTrusted;
  // Edit tools change files (after an approval of each diff): never in an untrusted workspace either.
  const editTools = workspaceTools && c.get<boolean>('tools.workspaceEdits', true);
  const temperature = c.get<number | null>('temperature', null);
  const maxOutputTokens = c.get<number | null>('maxOutputTokens', null);
  const thinkingLevel = c.get<string>('thinkingLevel', '');
  const thinkingSummaries = c.get<boolean>('thinkingSummaries', false);
  const generation: TurnSettings['generation'] = {
    ...(typeof temperature === 'number' ? { temperature } : {}),
    ...(typeof maxOutputTokens === 'number' && maxOutputTokens > 0 ? { maxOutputTokens: Math.floor(maxOutputTokens) } : {}),
    ...((THINKING_LEVELS as readonly string[]).includes(thinkingLevel) ? { thinkingLevel: thinkingLevel as ThinkingLevel } : {}),
    ...(thinkingSummaries ? { thinkingSummaries: true } : {}),
  };
  return {
    model: c.get<string>('model') || DEFAULT_MODEL,
    store: c.get<boolean>('store', true),
    // The user's setting first, then the rules files (src/core/rules/rulesFiles.ts).
    systemInstruction: combineSystemInstruction(c.get<string>('systemInstruction'), ctx?.instructionsFile),
    tools: {
      codeExecution: c.get<boolean>('tools.codeExecution', false),
      urlContext: c.get<boolean>('tools.urlContext', false),
      googleSearch: c.get<boolean>('tools.googleSearch', false),
      googleMaps: c.get<boolean>('tools.googleMaps', false),
      ...(c.get<boolean>('tools.fileSearch', true) ? fileSearchStores(c.get<unknown>('tools.fileSearchStores'), ctx?.indexStore) : {}),
      ...(workspaceTools ? { functions: [...WORKSPACE_TOOLS, ...(editTools ? EDIT_TOOLS : [])] } : {}),
      ...(mcp.servers.length ? { mcpServers: mcp.servers } : {}),
      ...(c.get<boolean>('tools.toolSearch', true) ? {} : { toolSearch: false }),
    },
    ...(Object.keys(generation).length ? { generation } : {}),
    ...(c.get<string>('research.visualization') === 'off' ? { research: { visualization: 'off' as const } } : {}),
    ...(notices.length ? { notices } : {}),
  };
}

/**
 * The user's and the workspace's mcpServers lists, apart (inspect(), not get(): get() would give the
 * workspace's list instead of the user's, and whose list it is decides whether its servers need the user's
 * consent and may get the user's secrets). In an untrusted workspace the workspace's list is ignored (it is
 * a restricted setting: VS Code does not even read it), here explicitly too.
 */
export function mcpServersSetting(): McpSetting {
  const i = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('mcpServers');
  const user = i?.globalValue ?? i?.defaultValue;
  const workspace = i?.workspaceFolderValue ?? i?.workspaceValue;
  return workspace !== undefined && vscode.workspace.isTrusted ? { user, workspace } : { user };
}

/** The turn's notices for workspace MCP servers left out: not answered yet, or declined just now. */
function mcpLeftOut(unanswered: readonly McpServerRef[], declinedNow: readonly McpServerRef[]): string[] {
  return [
    ...unanswered.map((s) => vscode.l10n.t('The MCP server "{0}" from this workspace\'s settings ({1}) was not used: it is used only after you allow it. You will be asked again with your next message.', s.name, s.url)),
    ...declinedNow.map((s) => vscode.l10n.t('The MCP server "{0}" from this workspace\'s settings ({1}) is not used: you did not allow it. Run "Gemini: Manage Workspace MCP Servers" to change this.', s.name, s.url)),
  ];
}

/** What the panel header's tool toggles show (File Search only when a store is configured or the codebase is indexed). */
export function panelTools(indexStore?: string): PanelTools {
  const c = vscode.workspace.getConfiguration(SECTION);
  const stores = fileSearchStores(c.get<unknown>('tools.fileSearchStores'), indexStore).fileSearchStores;
  return {
    codeExecution: c.get<boolean>('tools.codeExecution', false),
    urlContext: c.get<boolean>('tools.urlContext', false),
    googleSearch: c.get<boolean>('tools.googleSearch', false),
    googleMaps: c.get<boolean>('tools.googleMaps', false),
    ...(stores ? { fileSearch: c.get<boolean>('tools.fileSearch', true) } : {}),
  };
}

function fileSearchStores(v: unknown, indexStore?: string): { fileSearchStores?: string[] } {
  const configured = Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim()) : [];
  const stores = indexStore && !configured.includes(indexStore) ? [...configured, indexStore] : configured;
  return stores.length ? { fileSearchStores: stores } : {};
}

export function readAgentSettings(): { imageModel: string; researchAgent: string; reviewResearchPlan: boolean; maxToolRounds: number; savedSchemas: { name: string; schema: Record<string, unknown> }[] } {
  const c = vscode.workspace.getConfiguration(SECTION);
  const saved = c.get<unknown[]>('savedSchemas', []);
  return {
    imageModel: c.get<string>('imageModel') || DEFAULT_IMAGE_MODEL,
    researchAgent: c.get<string>('researchAgent') || DEFAULT_RESEARCH_AGENT,
    reviewResearchPlan: c.get<boolean>('researchReviewPlan', false),
    maxToolRounds: Math.max(1, Math.floor(c.get<number>('tools.maxRounds', 8))),
    savedSchemas: (Array.isArray(saved) ? saved : []).filter((s): s is { name: string; schema: Record<string, unknown> } =>
      !!s && typeof (s as { name?: unknown }).name === 'string' && typeof (s as { schema?: unknown }).schema === 'object' && (s as { schema?: unknown }).schema !== null),
  };
}

export function readEndpoint(): EndpointCheck & { apiVersion: string } {
  const c = vscode.workspace.getConfiguration(SECTION);
  return { ...checkBaseUrl(c.get<string>('apiBaseUrl'), hostMessages), apiVersion: c.get<string>('apiVersion') || 'v1' };
}

/**
 * The base URL when this workspace's settings set it to something other than the user's own setting:
 * requests, with the user's API key, would go where a cloned repository says. Undefined otherwise, and
 * in an untrusted workspace (where VS Code ignores the workspace's value: restrictedConfigurations).
 */
export function workspaceEndpoint(): string | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const i = vscode.workspace.getConfiguration(SECTION).inspect<string>('apiBaseUrl');
  const fromWorkspace = (i?.workspaceFolderValue ?? i?.workspaceValue)?.trim();
  if (!fromWorkspace) return undefined; // unset, or empty: Google's endpoint
  const own = (i?.globalValue ?? i?.defaultValue ?? '').trim();
  const same = (a: string, b: string) => trimTrailingSlashes(a) === trimTrailingSlashes(b);
  return same(fromWorkspace, own) ? undefined : fromWorkspace;
}

// ---- panel settings (model picker, tool toggles) ----

/** The picker's models: the `models` list setting, plus the current model when it is not in the list. */
export function readModels(): string[] {
  const listed = vscode.workspace.getConfiguration(SECTION).get<string[]>('models') ?? [];
  const current = readTurnSettings().model;
  const models = listed.filter((m) => typeof m === 'string' && m.trim());
  return models.includes(current) ? models : [current, ...models];
}

/** Writes a setting where it takes effect: the workspace when it is set there, else the user settings. */
export async function updateSetting(key: string, value: unknown): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const i = c.inspect(key);
  const target = i?.workspaceFolderValue !== undefined ? vscode.ConfigurationTarget.WorkspaceFolder
    : i?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update(key, value, target);
}

// ---- context meter and cost estimate (issue 17) ----

/** The header meter's inputs: the current model's context window and, when `cost.show` is on, the prices. */
export function readMeter(model: string, listedInputLimit?: number): ViewMeter {
  const c = vscode.workspace.getConfiguration(SECTION);
  const window = contextWindow(model, listedInputLimit);
  return {
    ...(window !== undefined ? { contextWindow: window } : {}),
    ...(c.get<boolean>('cost.show', false) ? { cost: { asOf: PRICES.asOf, source: PRICES.source, prices: mergePrices(PRICES, c.get<unknown>('cost.prices')) } } : {}),
  };
}
