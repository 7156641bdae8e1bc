// What each of the composer's modes (Ask, Plan, Agent) puts in a request. A mode decides which of the
// extension's own function tools are DECLARED, not what the prompt asks: a tool a mode leaves out is not in the
// request at all, and a call to it anyway is refused without asking (undeclaredCalls.ts). The settings stay the ceiling
// (tools.workspace, tools.workspaceEdits, Workspace Trust): a mode only ever takes tools away.
import type { FunctionDeclaration } from '../conversation/types';
import type { ChatMode } from './chatModes';
import { EDIT_TOOL_NAMES } from '../tools/editTools';
import { WORKSPACE_TOOL_NAMES } from '../tools/workspaceTools';

/** The families of the extension's function tools; each mode lists the families it declares. */
export type ToolFamily = 'read' | 'edit';

const FAMILY_TOOLS: Record<ToolFamily, ReadonlySet<string>> = {
  read: WORKSPACE_TOOL_NAMES,
  edit: EDIT_TOOL_NAMES,
};

/**
 * What each mode declares. Ask: none of the extension's tools (Google's server-side tools stay as toggled);
 * Plan: read only, so it cannot write; Agent: read and edit (a later tool family is one more entry here).
 */
export const MODE_TOOLS: Record<ChatMode, readonly ToolFamily[]> = {
  ask: [],
  plan: ['read'],
  agent: ['read', 'edit'],
};

/** The family of one of the extension's function tools; undefined for any other name. */
export function toolFamily(name: string): ToolFamily | undefined {
  return (Object.keys(FAMILY_TOOLS) as ToolFamily[]).find((f) => FAMILY_TOOLS[f].has(name));
}

/**
 * The function tools a turn in `mode` declares, out of those the settings allow (`available`). Functions that
 * are not the extension's own (VS Code's chat passes its tools) are not the mode's business and stay.
 */
export function toolsForMode(mode: ChatMode, available: readonly FunctionDeclaration[]): FunctionDeclaration[] {
  const families = MODE_TOOLS[mode];
  return available.filter((f) => {
    const family = toolFamily(f.name);
    return family === undefined || families.includes(family);
  });
}
